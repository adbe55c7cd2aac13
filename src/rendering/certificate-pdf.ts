/**
 * Certificates (landscape) and diplomas (portrait) as PDF: the issuer's logo and colours, the learner's
 * name, the achievement, dates, signature lines, the badge as a seal, a QR code to the credential's page
 * and the credential id. The signed credential itself is attached to the PDF (`credential.json`,
 * `application/ld+json`, an associated file with AFRelationship Source), so the PDF verifies on its own:
 * `cairn verify certificate.pdf` reads the credential out of it.
 */
import {
  AFRelationship,
  degrees,
  PDFDocument,
  type PDFImage,
  PDFName,
  type PDFPage,
  PDFString,
  type RGB,
  rgb,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { AppError } from '../errors.js';
import type { BadgeImage } from './badge-svg.js';
import type { CertificateDesign } from './design.js';
import { fontkitForPdfLib } from './fontkit.js';
import { PdfTextWriter } from './pdf-text.js';

export type CertificateInput = {
  design: CertificateDesign;
  learnerName: string;
  achievementName: string;
  achievementDescription?: string;
  issuerName: string;
  /** When the credential was awarded (ISO 8601). */
  issuedOn: string;
  /** When it stops being valid (ISO 8601), if ever. */
  validUntil?: string;
  /** The credential's id, e.g. `urn:uuid:…`, printed on the page. */
  credentialId: string;
  /** The credential's public page: the QR code's target. */
  credentialUrl: string;
  /** The signed credential exactly as issued (JSON text), attached to the PDF; absent in previews. */
  credentialText?: string;
  /** A faint diagonal word across the page, e.g. PREVIEW. */
  watermark?: string;
  /** The issuer's logo, PNG or JPEG. */
  logo?: BadgeImage;
  /** The badge as PNG, shown as a seal. */
  badgePng?: Uint8Array;
};

/** Page sizes in points (1/72 inch), portrait. */
const PAPER = { A4: [595.28, 841.89], Letter: [612, 792] } as const;

function color(hex: string): RGB {
  const value = Number.parseInt(hex.slice(1), 16);
  return rgb(((value >> 16) & 0xff) / 255, ((value >> 8) & 0xff) / 255, (value & 0xff) / 255);
}

/** "28 November 2026", in UTC (the date the credential states, whatever the server's zone). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

async function embedImage(doc: PDFDocument, image: BadgeImage | undefined): Promise<PDFImage | undefined> {
  if (!image) {
    return undefined;
  }
  try {
    if (image.mediaType === 'image/png') {
      return await doc.embedPng(image.bytes);
    }
    if (image.mediaType === 'image/jpeg') {
      return await doc.embedJpg(image.bytes);
    }
  } catch {
    // A logo pdf-lib cannot read (an interlaced PNG, a CMYK JPEG) is left out rather than failing the PDF.
  }
  return undefined;
}

/** Draws the QR code as vector squares (sharp at any zoom), with its quiet zone, bottom-left at (x, y). */
function drawQrCode(page: PDFPage, text: string, x: number, y: number, size: number, dark: RGB): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const module = size / (count + quiet * 2);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < count; row++) {
    let start = -1;
    for (let column = 0; column <= count; column++) {
      const isDark = column < count && qr.modules.get(row, column) === 1;
      if (isDark && start < 0) {
        start = column;
      } else if (!isDark && start >= 0) {
        // One rectangle per horizontal run of dark modules, slightly overlapping to leave no hairlines.
        page.drawRectangle({
          x: x + (quiet + start) * module,
          y: y + size - (quiet + row + 1) * module - 0.05,
          width: (column - start) * module + 0.05,
          height: module + 0.1,
          color: dark,
        });
        start = -1;
      }
    }
  }
}

/**
 * Renders the certificate or diploma. Fails with RENDER_FAILED when pdf-lib cannot build the document.
 *
 * @example
 * const pdf = await renderCertificatePdf({ design: certificateDesign({}, 'Certificate'), learnerName: 'Ada', … });
 */
export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  try {
    return await buildPdf(input);
  } catch (error) {
    if (error instanceof AppError) {
      throw error;
    }
    throw new AppError('RENDER_FAILED', 'The certificate could not be rendered', { cause: error });
  }
}

async function buildPdf(input: CertificateInput): Promise<Uint8Array> {
  const { design } = input;
  const colors = {
    primary: color(design.colors.primary),
    accent: color(design.colors.accent),
    text: color(design.colors.text),
    background: color(design.colors.background),
    muted: rgb(0.38, 0.38, 0.4),
  };
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitForPdfLib as Parameters<PDFDocument['registerFontkit']>[0]);
  const [short, long] = PAPER[design.paper];
  const landscape = design.layout === 'certificate';
  const width = landscape ? long : short;
  const height = landscape ? short : long;
  const page = doc.addPage([width, height]);
  const writer = new PdfTextWriter(doc, design.font);
  const center = width / 2;
  const issued = new Date(input.issuedOn);
  const sans = 'sans' as const;

  // Background and a double frame.
  page.drawRectangle({ x: 0, y: 0, width, height, color: colors.background });
  page.drawRectangle({
    x: 18,
    y: 18,
    width: width - 36,
    height: height - 36,
    borderColor: colors.primary,
    borderWidth: 6,
  });
  page.drawRectangle({
    x: 30,
    y: 30,
    width: width - 60,
    height: height - 60,
    borderColor: colors.accent,
    borderWidth: 1.5,
  });

  let y = height - (landscape ? 62 : 80);
  const logo = await embedImage(doc, input.logo);
  if (logo) {
    const logoHeight = landscape ? 52 : 68;
    const scaled = logo.scaleToFit(landscape ? 200 : 240, logoHeight);
    page.drawImage(logo, {
      x: center - scaled.width / 2,
      y: y - scaled.height,
      width: scaled.width,
      height: scaled.height,
    });
    y -= logoHeight + (landscape ? 22 : 34);
  } else {
    y -= landscape ? 6 : 20;
  }

  const title = design.title ?? (landscape ? 'Certificate of Achievement' : 'Diploma');
  const titleSize = await writer.fit(title.toUpperCase(), width - 160, landscape ? 30 : 36, 16, 'bold');
  y -= titleSize;
  await writer.draw(page, title.toUpperCase(), {
    x: center,
    y,
    size: titleSize,
    color: colors.primary,
    weight: 'bold',
    align: 'center',
  });
  y -= landscape ? 14 : 22;
  page.drawLine({
    start: { x: center - 60, y },
    end: { x: center + 60, y },
    thickness: 2,
    color: colors.accent,
  });

  y -= landscape ? 32 : 56;
  await writer.draw(page, landscape ? 'This certifies that' : 'This is to certify that', {
    x: center,
    y,
    size: landscape ? 13 : 15,
    color: colors.muted,
    align: 'center',
    primary: sans,
  });

  const nameSize = await writer.fit(input.learnerName, width - 180, landscape ? 40 : 44, 14, 'bold');
  y -= nameSize + (landscape ? 16 : 28);
  await writer.draw(page, input.learnerName, {
    x: center,
    y,
    size: nameSize,
    color: colors.text,
    weight: 'bold',
    align: 'center',
  });
  y -= 12;
  page.drawLine({
    start: { x: center - 170, y },
    end: { x: center + 170, y },
    thickness: 0.8,
    color: colors.accent,
  });

  y -= landscape ? 26 : 44;
  await writer.draw(page, landscape ? 'has successfully earned' : 'has been awarded', {
    x: center,
    y,
    size: landscape ? 13 : 15,
    color: colors.muted,
    align: 'center',
    primary: sans,
  });
  const achievementSize = await writer.fit(
    input.achievementName,
    width - 180,
    landscape ? 24 : 28,
    12,
    'bold',
  );
  y -= achievementSize + (landscape ? 12 : 22);
  await writer.draw(page, input.achievementName, {
    x: center,
    y,
    size: achievementSize,
    color: colors.primary,
    weight: 'bold',
    align: 'center',
  });

  if (input.achievementDescription) {
    const size = landscape ? 10.5 : 12;
    const lines = await writer.wrap(
      input.achievementDescription,
      size,
      width - (landscape ? 260 : 160),
      landscape ? 2 : 4,
    );
    y -= landscape ? 8 : 18;
    for (const line of lines) {
      y -= size + 4;
      await writer.draw(page, line, {
        x: center,
        y,
        size,
        color: colors.muted,
        align: 'center',
        primary: sans,
      });
    }
  }

  const dateLine = [
    `Issued ${formatDate(input.issuedOn)}`,
    ...(input.validUntil ? [`Valid until ${formatDate(input.validUntil)}`] : []),
  ].join('   ·   ');
  y -= landscape ? 24 : 40;
  await writer.draw(page, `Issued by ${input.issuerName}`, {
    x: center,
    y,
    size: landscape ? 12 : 13,
    color: colors.text,
    align: 'center',
    primary: sans,
  });
  y -= landscape ? 17 : 21;
  await writer.draw(page, dateLine, {
    x: center,
    y,
    size: landscape ? 11 : 12,
    color: colors.muted,
    align: 'center',
    primary: sans,
  });

  // The lower band: badge seal, signature lines, QR code.
  const bottom = 48;
  const qrSize = landscape ? 92 : 100;
  drawQrCode(page, input.credentialUrl, width - 48 - qrSize, bottom + 14, qrSize, colors.text);
  await writer.draw(page, 'Scan to verify', {
    x: width - 48 - qrSize / 2,
    y: bottom + 4,
    size: 7.5,
    color: colors.muted,
    align: 'center',
    primary: sans,
  });

  if (design.showBadge && input.badgePng) {
    const seal = await doc.embedPng(input.badgePng);
    const sealSize = landscape ? 92 : 110;
    const sealX = landscape ? 48 : center - sealSize / 2;
    const sealY = landscape ? bottom + 14 : bottom + 150;
    page.drawImage(seal, { x: sealX, y: sealY, width: sealSize, height: sealSize });
  }

  const signatures = design.signatures.slice(0, 3);
  if (signatures.length > 0) {
    const left = landscape ? 170 : 70;
    const right = width - (landscape ? 170 : 70) - (landscape ? 0 : 110);
    const slot = (right - left) / signatures.length;
    const lineY = landscape ? bottom + 52 : bottom + 88;
    for (const [index, signature] of signatures.entries()) {
      const middle = left + slot * (index + 0.5);
      const half = Math.min(90, slot / 2 - 12);
      page.drawLine({
        start: { x: middle - half, y: lineY },
        end: { x: middle + half, y: lineY },
        thickness: 0.8,
        color: colors.text,
      });
      const nameSize = await writer.fit(signature.name, half * 2, 11, 7, 'bold');
      await writer.draw(page, signature.name, {
        x: middle,
        y: lineY - 14,
        size: nameSize,
        color: colors.text,
        weight: 'bold',
        align: 'center',
        primary: sans,
      });
      if (signature.title) {
        const titleFit = await writer.fit(signature.title, half * 2, 9, 6);
        await writer.draw(page, signature.title, {
          x: middle,
          y: lineY - 26,
          size: titleFit,
          color: colors.muted,
          align: 'center',
          primary: sans,
        });
      }
    }
  }

  const idSize = 7;
  await writer.draw(page, `Credential ID: ${input.credentialId}`, {
    x: 40,
    y: 38,
    size: idSize,
    color: colors.muted,
    primary: sans,
  });
  await writer.draw(page, input.credentialUrl, {
    x: width - 40,
    y: 38,
    size: idSize,
    color: colors.muted,
    align: 'right',
    primary: sans,
  });

  // Metadata: stable dates (the award's), so the same credential gives the same document information.
  doc.setTitle(`${input.achievementName} — ${input.learnerName}`, { showInWindowTitleBar: true });
  doc.setAuthor(input.issuerName);
  doc.setSubject(`Open Badges 3.0 credential ${input.credentialId}`);
  doc.setKeywords(['Open Badges', 'verifiable credential', input.credentialId]);
  doc.setCreator('Cairn');
  doc.setProducer('Cairn (pdf-lib)');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('en'));

  if (input.watermark) {
    const size = landscape ? 110 : 96;
    const font = await writer.font('sans', 'bold');
    const markWidth = font.widthOfTextAtSize(input.watermark, size);
    page.drawText(input.watermark, {
      x: center - (markWidth / 2) * Math.cos(Math.PI / 6),
      y: height / 2 - (markWidth / 2) * Math.sin(Math.PI / 6),
      size,
      font,
      color: colors.accent,
      opacity: 0.18,
      rotate: degrees(30),
    });
  }

  if (input.credentialText !== undefined) {
    await doc.attach(new TextEncoder().encode(input.credentialText), 'credential.json', {
      mimeType: 'application/ld+json',
      description:
        'The signed Open Badges 3.0 credential this document shows; verify it with any OB 3.0 verifier',
      creationDate: issued,
      modificationDate: issued,
      afRelationship: AFRelationship.Source,
    });
  }
  return await doc.save();
}
