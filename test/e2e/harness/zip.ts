// Reads a .vsix (a zip) without extra dependencies: the central directory lists the entries.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localHeaderOffset: number;
}

export class ZipFile {
  readonly entries: ZipEntry[] = [];
  private readonly data: Buffer;

  constructor(path: string) {
    this.data = readFileSync(path);
    const eocd = this.data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path} is not a zip file`);
    const count = this.data.readUInt16LE(eocd + 10);
    let offset = this.data.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (this.data.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
      const nameLength = this.data.readUInt16LE(offset + 28);
      const extraLength = this.data.readUInt16LE(offset + 30);
      const commentLength = this.data.readUInt16LE(offset + 32);
      this.entries.push({
        method: this.data.readUInt16LE(offset + 10),
        compressedSize: this.data.readUInt32LE(offset + 20),
        size: this.data.readUInt32LE(offset + 24),
        localHeaderOffset: this.data.readUInt32LE(offset + 42),
        name: this.data.toString('utf8', offset + 46, offset + 46 + nameLength),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
  }

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${name} is not in the archive`);
    const local = entry.localHeaderOffset;
    const start = local + 30 + this.data.readUInt16LE(local + 26) + this.data.readUInt16LE(local + 28);
    const raw = this.data.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return Buffer.from(raw);
    if (entry.method === 8) return inflateRawSync(raw);
    throw new Error(`${name}: unsupported compression method ${entry.method}`);
  }
}
