const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/**
 * How the app describes itself to the server (the X-RMS-Client header), so a person can tell
 * their devices apart in Signed-in devices: "RMS Console 0.1.0 (Windows x64)". No host name or
 * user name: the server stores and shows it.
 */
export function clientDescription(input: { version: string; platform: string; arch: string; host: 'electron' | 'browser-host' }): string {
  const os = OS_NAMES[input.platform] ?? input.platform;
  const where = input.host === 'browser-host' ? ', browser host' : '';
  return `RMS Console ${input.version} (${os} ${input.arch}${where})`;
}
