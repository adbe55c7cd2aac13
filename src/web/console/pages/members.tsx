/** The team: who belongs to the organization, with which role; add, change and remove (admins). */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api, type Member, ROLES, type Role } from '../api.js';
import { usePageTitle } from '../router.js';
import { useOrganization, useSession } from '../session.js';
import {
  ErrorSummary,
  LoadError,
  Loading,
  PageHead,
  SelectField,
  TableWrap,
  TextField,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

export function MembersPage() {
  const { t, date } = useI18n();
  const organization = useOrganization();
  const { session } = useSession();
  usePageTitle(t('c.team.title'), 'team-title');
  const members = useApi<{ items: Member[] }>('/api/v1/members');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('issuer');
  const [added, setAdded] = useState<(Member & { password?: string }) | undefined>();
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  const grantable = ROLES.filter((entry) => entry !== 'owner' || organization.role === 'owner');
  const roleOptions = (roles: Role[]) =>
    roles.map((entry) => ({ value: entry, label: t(`c.role.${entry}`) }));
  const me = session.status === 'signed-in' ? session.me.user.id : '';

  const form = useFormErrors(() => ({
    'member-email': /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? undefined : t('c.form.email'),
  }));
  const { errors, detail } = form;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    if (!form.check()) {
      return;
    }
    try {
      const member = await api<Member & { password?: string }>('/api/v1/members', {
        method: 'POST',
        body: { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
      });
      setAdded(member);
      form.reset();
      setEmail('');
      setName('');
      members.reload();
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, {
          email: 'member-email',
          role: 'member-role',
          name: 'member-name',
        });
      }
    }
  };

  const change = async (member: Member, next: Role) => {
    setFailure(undefined);
    try {
      await api(`/api/v1/members/${encodeURIComponent(member.userId)}`, {
        method: 'PATCH',
        body: { role: next },
      });
      setMessage(t('c.team.changed', { name: member.name, role: t(`c.role.${next}`) }));
      members.reload();
    } catch (error) {
      setFailure((error as Error).message);
      members.reload();
    }
  };

  const remove = async (member: Member) => {
    if (!window.confirm(t('c.team.removeConfirm', { name: member.name }))) {
      return;
    }
    setFailure(undefined);
    try {
      await api(`/api/v1/members/${encodeURIComponent(member.userId)}`, { method: 'DELETE' });
      setMessage(t('c.team.removed', { name: member.name }));
      members.reload();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  const labels = {
    'member-email': t('c.team.email'),
    'member-name': t('c.team.name'),
    'member-role': t('c.team.role'),
  };
  return (
    <>
      <PageHead id="team-title" title={t('c.team.title')} />
      <p className="lead">{t('c.team.lead')}</p>
      <p className="note" role="status">
        {message}
      </p>
      {failure ? (
        <p className="notice notice-bad" role="alert">
          {failure}
        </p>
      ) : null}
      {members.error ? <LoadError error={members.error} feature="c.feature.members" /> : null}
      {members.loading && !members.data ? <Loading /> : null}
      {members.data ? (
        <TableWrap label={t('c.team.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.team.name')}</th>
                <th scope="col">{t('c.team.email')}</th>
                <th scope="col">{t('c.team.role')}</th>
                <th scope="col">{t('c.team.joined')}</th>
                <th scope="col">{t('c.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((member) => {
                const locked = member.role === 'owner' && organization.role !== 'owner';
                return (
                  <tr key={member.userId}>
                    <td>
                      {member.name}
                      {member.userId === me ? ` (${t('c.team.you')})` : ''}
                    </td>
                    <td className="mono">{member.email}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                        {t('c.team.roleOf', { name: member.name })}
                      </label>
                      <select
                        id={`role-${member.userId}`}
                        value={member.role}
                        disabled={locked}
                        onChange={(event) => void change(member, event.currentTarget.value as Role)}
                      >
                        {roleOptions(locked ? ROLES : grantable).map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{date(member.joinedAt)}</td>
                    <td>
                      {locked ? null : (
                        <button
                          type="button"
                          className="button danger small"
                          onClick={() => void remove(member)}
                        >
                          {t('c.team.remove')}
                          <span className="visually-hidden">: {member.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <section className="panel" aria-labelledby="add-member-title" style={{ marginTop: '1.5rem' }}>
        <h2 id="add-member-title">{t('c.team.add')}</h2>
        <p className="note">{t('c.team.addLead')}</p>
        {added ? (
          <div className="notice notice-good" role="status">
            <p>
              <strong>{t('c.team.added', { email: added.email })}</strong>
            </p>
            {added.password ? (
              <>
                <p>{t('c.team.password')}</p>
                <code className="secret">{added.password}</code>
              </>
            ) : (
              <p>{t('c.team.linked')}</p>
            )}
          </div>
        ) : null}
        <ErrorSummary errors={errors} detail={detail} labels={labels} focusKey={form.focusKey} />
        <form onSubmit={(event) => void add(event)} noValidate>
          <div className="field-row">
            <TextField
              id="member-email"
              label={labels['member-email']}
              type="email"
              required
              value={email}
              onChange={setEmail}
              error={errors['member-email']}
            />
            <TextField id="member-name" label={labels['member-name']} value={name} onChange={setName} />
            <SelectField
              id="member-role"
              label={labels['member-role']}
              required
              value={role}
              onChange={(value) => setRole(value as Role)}
              options={roleOptions(grantable)}
            />
          </div>
          <button type="submit" className="button">
            {t('c.team.addSubmit')}
          </button>
        </form>
      </section>
    </>
  );
}
