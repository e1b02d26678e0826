import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A multipart/alternative message: a quoted-printable plain part and an HTML part; an encoded subject. */
export const ALTERNATIVE_EMAIL = [
  'From: "Caf\u00e9 Owner" <owner@Example.ORG>',
  'To: you@example.com',
  'Subject: =?UTF-8?B?Q2Fmw6kgbWVudQ==?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Today: cr=C3=A8me br=C3=BBl=C3=A9e and a very long line that is wrapped by quoted-=',
  'printable soft breaks.',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Today: <b>cr\u00e8me</b></p>',
  '--b1--',
  '',
].join('\r\n');

/** A Latin-1 body in base64 (the text is "Gr\u00fc\u00dfe aus K\u00f6ln"). */
export const LATIN1_BASE64_EMAIL = [
  'From: someone@mail.example.de',
  'Subject: Hallo',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('Gr\u00fc\u00dfe aus K\u00f6ln', 'latin1').toString('base64'),
  '',
].join('\r\n');

/** 8-bit Windows-1252 in the subject and the body, with no charset declared anywhere. */
export const UNDECLARED_8BIT_EMAIL = Buffer.concat([
  Buffer.from('From: news@example.com\r\nSubject: Gr'),
  Buffer.from([0xfc]),
  Buffer.from('\r\nContent-Type: text/plain\r\n\r\nE.On, based in D'),
  Buffer.from([0xfc]),
  Buffer.from('sseldorf \u2014 the world'),
  Buffer.from([0x92]),
  Buffer.from('s largest\r\n'),
]);

/** HTML only, inside multipart/mixed with an attachment: mailparser leaves the text empty. */
export const HTML_IN_MIXED_EMAIL = [
  'From: Deals <deals@spam.example>',
  'Subject: WIN NOW',
  'Content-Type: multipart/mixed; boundary="m1"',
  '',
  '--m1',
  'Content-Type: text/html; charset=us-ascii',
  '',
  '<html><body><h1>Free money</h1><p>Click <a href="http://spam.example/x">here</a> now<img src="t.gif"></p></body></html>',
  '--m1',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAEC',
  '--m1--',
  '',
].join('\r\n');

/** Writes a corpus laid out as the original SpamAssassin tarballs, with a `cmds` file to skip. */
export async function writeCorpus(dir: string, options: { perFolder: number }): Promise<string> {
  const folders = {
    easy_ham: 'meeting notes for the team',
    hard_ham: 'newsletter special offer for members',
    spam_2: 'free money click here',
  };
  for (const [folder, body] of Object.entries(folders)) {
    await mkdir(join(dir, folder), { recursive: true });
    await writeFile(join(dir, folder, 'cmds'), 'mv 00001 00001.abc\n');
    for (let i = 0; i < options.perFolder; i++) {
      const raw = `From: a${i}@${folder}.example\r\nSubject: ${folder} ${i}\r\n\r\n${body} number ${i}\r\n`;
      await writeFile(join(dir, folder, `${String(i).padStart(5, '0')}.${folder}`), raw);
    }
  }
  return dir;
}
