import { deflateSync } from 'node:zlib';

/**
 * Writes a small but valid PDF 1.4: one page per string, each drawing its text in Helvetica, with
 * a correct cross-reference table. `compress` stores the page contents `/FlateDecode`d.
 */
export function makePdf(pages: readonly string[], options: { compress?: boolean } = {}): Buffer {
  const objects: Buffer[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  objects.push(
    Buffer.from(
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    ),
  );
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'));
  pages.forEach((text, i) => {
    const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
    const content = Buffer.from(`BT /F1 24 Tf 72 720 Td (${escaped}) Tj ET`);
    const stream = options.compress ? deflateSync(content) : content;
    objects.push(
      Buffer.from(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      ),
    );
    objects.push(
      Buffer.concat([
        Buffer.from(
          `<< /Length ${stream.length}${options.compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`,
        ),
        stream,
        Buffer.from('\nendstream'),
      ]),
    );
  });
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    chunks.push(obj);
    length += obj.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
  ].join('\n');
  chunks.push(Buffer.from(`${xref}\n`));
  return Buffer.concat(chunks);
}
