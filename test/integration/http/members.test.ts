/** Team members and roles over HTTP, on both databases: who may add, promote, demote and remove whom. */
import { expect, it } from 'vitest';
import { unique } from '../../support/factories.js';
import { forEachServer, type TestServer } from '../../support/http.js';

async function signIn(server: TestServer, email: string, password: string) {
  const login = await server.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  expect(login.statusCode).toBe(200);
  const session = login.cookies.find((cookie) => cookie.name === 'cairn_session')?.value as string;
  const csrf = login.json().csrfToken as string;
  return (options: Parameters<TestServer['request']>[0]) =>
    server.request({
      ...options,
      cookies: { cairn_session: session },
      headers: { 'x-csrf-token': csrf, ...options.headers },
    });
}

forEachServer('members', (server) => {
  it('lists, adds (a new account with a password shown once, or an existing one), changes roles and removes', async () => {
    const { request, newOrganization, ctx } = server();
    const org = await newOrganization();
    const listed = await request({ method: 'GET', url: '/api/v1/members', key: org.apiKey });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ userId: org.owner.id, email: org.owner.email, role: 'owner' }),
    ]);

    const email = `${unique('ivy')}@example.org`;
    const added = await request({
      method: 'POST',
      url: '/api/v1/members',
      key: org.apiKey,
      payload: { email, role: 'issuer', name: 'Ivy Issuer' },
    });
    expect(added.statusCode).toBe(201);
    const ivy = added.json();
    expect(ivy).toMatchObject({ email, name: 'Ivy Issuer', role: 'issuer' });
    expect(typeof ivy.password).toBe('string');
    // The password works, once: the new member signs in and sees the organization.
    const asIvy = await signIn(server(), email, ivy.password);
    const me = await asIvy({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().organizations).toEqual([
      { id: org.organization.id, role: 'issuer', name: org.organization.name, slug: org.organization.slug },
    ]);
    // An issuer may not manage members.
    expect((await asIvy({ method: 'GET', url: '/api/v1/members' })).statusCode).toBe(403);

    const again = await request({
      method: 'POST',
      url: '/api/v1/members',
      key: org.apiKey,
      payload: { email: email.toUpperCase(), role: 'viewer' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');

    // Someone with an account elsewhere is linked, not given a new password.
    const other = await newOrganization('Elsewhere');
    const linked = await request({
      method: 'POST',
      url: '/api/v1/members',
      key: org.apiKey,
      payload: { email: other.owner.email, role: 'viewer' },
    });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().password).toBeUndefined();
    expect(linked.json()).toMatchObject({ userId: other.owner.id, role: 'viewer' });

    const promoted = await request({
      method: 'PATCH',
      url: `/api/v1/members/${ivy.userId}`,
      key: org.apiKey,
      payload: { role: 'admin' },
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().role).toBe('admin');

    const removed = await request({
      method: 'DELETE',
      url: `/api/v1/members/${other.owner.id}`,
      key: org.apiKey,
    });
    expect(removed.statusCode).toBe(204);
    const after = (await request({ method: 'GET', url: '/api/v1/members', key: org.apiKey })).json().items;
    expect(after.map((member: { email: string }) => member.email).sort()).toEqual(
      [email, org.owner.email].sort(),
    );
    expect(
      (await request({ method: 'DELETE', url: `/api/v1/members/${other.owner.id}`, key: org.apiKey }))
        .statusCode,
    ).toBe(404);

    const actions = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('organization_id', '=', org.organization.id)
      .where('action', 'like', 'member.%')
      .orderBy('created_at')
      .execute();
    expect(actions.map((entry) => entry.action)).toEqual([
      'member.add',
      'member.add',
      'member.change_role',
      'member.remove',
    ]);
  });

  it('only an owner makes or changes owners; the last owner can neither leave nor be demoted', async () => {
    const { request, newOrganization } = server();
    const org = await newOrganization();
    const adminEmail = `${unique('ada')}@example.org`;
    const admin = (
      await request({
        method: 'POST',
        url: '/api/v1/members',
        key: org.apiKey,
        payload: { email: adminEmail, role: 'admin' },
      })
    ).json();
    const asAdmin = await signIn(server(), adminEmail, admin.password);

    const ownerByAdmin = await asAdmin({
      method: 'POST',
      url: '/api/v1/members',
      payload: { email: `${unique('olga')}@example.org`, role: 'owner' },
    });
    expect(ownerByAdmin.statusCode).toBe(403);
    expect(ownerByAdmin.json().code).toBe('FORBIDDEN');
    const selfPromotion = await asAdmin({
      method: 'PATCH',
      url: `/api/v1/members/${admin.userId}`,
      payload: { role: 'owner' },
    });
    expect(selfPromotion.statusCode).toBe(403);
    const demoteOwner = await asAdmin({
      method: 'PATCH',
      url: `/api/v1/members/${org.owner.id}`,
      payload: { role: 'viewer' },
    });
    expect(demoteOwner.statusCode).toBe(403);
    expect((await asAdmin({ method: 'DELETE', url: `/api/v1/members/${org.owner.id}` })).statusCode).toBe(
      403,
    );

    // The owner, signed in: cannot leave or step down while alone, can once there is a second owner.
    const asOwner = await signIn(server(), org.owner.email, org.password);
    const leave = await asOwner({ method: 'DELETE', url: `/api/v1/members/${org.owner.id}` });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().detail).toMatch(/last owner/);
    const stepDown = await asOwner({
      method: 'PATCH',
      url: `/api/v1/members/${org.owner.id}`,
      payload: { role: 'admin' },
    });
    expect(stepDown.statusCode).toBe(409);
    const second = await asOwner({
      method: 'PATCH',
      url: `/api/v1/members/${admin.userId}`,
      payload: { role: 'owner' },
    });
    expect(second.json().role).toBe('owner');
    expect((await asOwner({ method: 'DELETE', url: `/api/v1/members/${org.owner.id}` })).statusCode).toBe(
      204,
    );
  });

  it('keeps organizations apart: a member of another organization cannot be changed from here', async () => {
    const { request, newOrganization } = server();
    const mine = await newOrganization();
    const theirs = await newOrganization('Theirs');
    const patch = await request({
      method: 'PATCH',
      url: `/api/v1/members/${theirs.owner.id}`,
      key: mine.apiKey,
      payload: { role: 'viewer' },
    });
    expect(patch.statusCode).toBe(404);
    const invalid = await request({
      method: 'POST',
      url: '/api/v1/members',
      key: mine.apiKey,
      payload: { email: 'not-an-email', role: 'viewer' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual([expect.objectContaining({ path: 'email' })]);
  });
});
