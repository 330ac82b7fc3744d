import { describe, expect, it } from 'vitest';
import { escapedIoError, writeError } from '../../src/common/io-error.js';
import { UserError } from '../../src/common/user-error.js';

function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: …, ${syscall}`), { code, syscall, ...(path ? { path } : {}) });
}

describe("I/O errors are the user's to fix, not internal errors", () => {
  it('classifies a full disk, a read-only mount and missing permission with the path', () => {
    expect(escapedIoError(errno('ENOSPC', 'write', '/runs/a/train.jsonl'))?.message).toBe(
      "cannot write '/runs/a/train.jsonl': no space left on the device",
    );
    expect(escapedIoError(errno('EROFS', 'mkdir', '/mnt/ro/out'))?.message).toBe(
      "cannot write '/mnt/ro/out': the file system is read-only",
    );
    expect(escapedIoError(errno('EACCES', 'open', '/root/x'))?.message).toBe(
      "cannot open '/root/x': permission denied",
    );
    expect(escapedIoError(errno('EPERM', 'rename', '/x'))?.exitCode).toBe(2);
  });

  it('leaves programming errors alone (exit 70 stays for bugs)', () => {
    expect(escapedIoError(new TypeError('x is undefined'))).toBeNull();
    expect(escapedIoError(errno('ENOENT', 'open', '/x'))).toBeNull();
  });

  it('writeError names the path it was given and keeps UserErrors as they are', () => {
    expect(writeError('out/model', errno('ENOSPC', 'open', 'out/.model.tmp-1/a')).message).toBe(
      "cannot write 'out/model': no space left on the device",
    );
    const own = new UserError('already clear');
    expect(writeError('x', own)).toBe(own);
  });
});
