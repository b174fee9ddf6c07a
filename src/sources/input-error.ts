/** An input pii-scan cannot open at all (missing path, permission denied): exit 3, one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A one-line reason for a file-system error, without Node's stack or errno noise. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENXIO':
    case 'EOPNOTSUPP':
      return 'not a regular file (socket or device)';
    case 'EIO':
      return 'input/output error';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (err as Error)?.message?.split('\n')[0] ?? String(err);
  }
}
