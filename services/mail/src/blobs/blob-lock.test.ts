import { BLOB_LOCK_CLASS, blobLockKey } from './blob-lock';

describe('blob lock keys', () => {
  it('uses "blob" in ASCII as the class id', () => {
    expect(Buffer.from([0x62, 0x6c, 0x6f, 0x62]).readInt32BE()).toBe(BLOB_LOCK_CLASS);
  });

  it('takes the first 32 bits of the sha256 as a signed int4', () => {
    expect(blobLockKey(`00000001${'f'.repeat(56)}`)).toBe(1);
    expect(blobLockKey(`7fffffff${'0'.repeat(56)}`)).toBe(2_147_483_647);
    expect(blobLockKey(`80000000${'0'.repeat(56)}`)).toBe(-2_147_483_648);
    expect(blobLockKey(`ffffffff${'0'.repeat(56)}`)).toBe(-1);
  });

  it('gives blobs that differ only after the first 32 bits the same key', () => {
    expect(blobLockKey(`abcdef01${'0'.repeat(56)}`)).toBe(blobLockKey(`abcdef01${'9'.repeat(56)}`));
  });
});
