/** The `--help` text of the command line. */
export const USAGE = `RMS backend command line

Usage: npm run server -- <command> [options]

Commands:
  serve [--port N] [--host H]      Run the HTTP API (default 127.0.0.1:8787). Ctrl-C stops it gracefully.
  migrate                          Create or update the database tables, then exit.
  company create --name NAME       Add a company (two-factor authentication optional at first).
  user create --company NAME --email EMAIL --role admin|user --password-stdin [--name FULL_NAME]
                                   Add a user; the password is read from standard input.
  user unlock --email EMAIL        Let a user sign in again after "this wasn't me" (or failed codes)
                                   locked them, when no administrator can (audited, user emailed).
  demo                             Seed "Demo Co" with an admin and a few users, and "Rollout Demo Co"
                                   with a 2FA rollout under way (safe to run again)
                                   and print their sign-in details.
  secrets reseal                   Re-seal every TOTP secret not sealed with the current key
                                   (RMS_SECRET_KEY_ID) after a key rotation; safe to run again.

Options of every command:
  --data DIR    Data folder: SQLite database, generated secret key, .eml mail (default ./data).
  --help        Show this text.

Environment:
  DATABASE_URL      postgres://... to use PostgreSQL instead of SQLite in the data folder.
  RMS_SECRET_KEY    base64 of 32 bytes encrypting TOTP secrets (default: <data>/secret.key, generated).
  RMS_SECRET_KEY_ID Id (1-255) of RMS_SECRET_KEY, stored in each sealed secret (default 1).
  RMS_PREVIOUS_SECRET_KEYS  <id>:<base64 key>,... older keys, only to open secrets sealed before a
                    rotation; remove them once \`secrets reseal\` has run.
  SMTP_URL          smtp://host:port for mail (default: .eml files in <data>/mail/). Plain smtp://
                    to a host other than this computer must start TLS (STARTTLS).
  SMTP_ALLOW_PLAINTEXT  1 lets plain smtp:// to another host go without STARTTLS (trusted networks only).
  MAIL_FROM         Sender address of notices.  LOG_LEVEL  pino level (default info).

Examples:
  npm run server -- demo && npm run server -- serve
  printf '%s' 'a long password' | npm run server -- user create --company "Demo Co" --email tech@demo.example --role user --password-stdin
`;
