/**
 * Where Hearth keeps mail state on the host. Postfix reads the three maps as texthash:
 * tables (the text itself, read when each daemon starts), Dovecot reads the passwd-file
 * users file and the file of suspended domains directly (it re-reads them when they
 * change). Every path is configurable so tests run the same code against private daemons
 * under a temp root.
 */
export interface MailConfig {
  /** Off: the mail steps are no-ops and MailService answers FAILED_PRECONDITION. */
  enabled: boolean;
  /** Postfix virtual_mailbox_maps: "address domain/local/". */
  vmailboxFile: string;
  /** Postfix virtual_mailbox_domains: "domain OK". */
  vdomainsFile: string;
  /** Postfix check_recipient_access map: "domain 450 ..." while the account is suspended. */
  suspendedMapFile: string;
  /** Dovecot passdb/userdb passwd-file (root:{dovecotGroup} 0640: it holds password hashes). */
  dovecotUsersFile: string;
  /** Group Dovecot's auth process runs as (default_internal_user's group): may read the users file. */
  dovecotGroup: string;
  /** Dovecot deny passdb keyed by domain (username_format=%d): "domain:" while suspended. */
  dovecotSuspendedFile: string;
  /** Maildirs live in {maildirRoot}/{domain}/{local}/. */
  maildirRoot: string;
  /** Owner of every maildir; Dovecot delivers and reads as this user. */
  vmailUser: string;
  /** For `postfix reload` after a map change, so idle smtpd processes drop the old map. */
  postfixPath: string;
  /** Passed to postfix -c and postconf -c so it reads the right main.cf (a private instance in tests). */
  postfixConfigDir: string;
}

const PATH = { type: 'string', pattern: '^/[A-Za-z0-9._/-]+$' } as const;

export const mailConfigSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    vmailboxFile: PATH,
    vdomainsFile: PATH,
    suspendedMapFile: PATH,
    dovecotUsersFile: PATH,
    dovecotSuspendedFile: PATH,
    maildirRoot: PATH,
    vmailUser: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
    dovecotGroup: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' },
    // No longer used (the maps are texthash:, nothing is compiled); accepted so an agent.json
    // written by an earlier version still loads.
    postmapPath: PATH,
    postfixPath: PATH,
    postfixConfigDir: PATH,
  },
  required: [
    'enabled', 'vmailboxFile', 'vdomainsFile', 'suspendedMapFile', 'dovecotUsersFile',
    'dovecotSuspendedFile', 'dovecotGroup', 'maildirRoot', 'vmailUser', 'postfixPath', 'postfixConfigDir',
  ],
  additionalProperties: false,
} as const;

export const mailConfigDefaults: MailConfig = {
  enabled: false,
  vmailboxFile: '/etc/postfix/vmailbox',
  vdomainsFile: '/etc/postfix/vdomains',
  suspendedMapFile: '/etc/postfix/hearth-suspended',
  dovecotUsersFile: '/etc/dovecot/users',
  dovecotSuspendedFile: '/etc/dovecot/hearth-suspended-domains',
  maildirRoot: '/var/mail/vdomains',
  vmailUser: 'vmail',
  dovecotGroup: 'dovecot',
  postfixPath: '/usr/sbin/postfix',
  postfixConfigDir: '/etc/postfix',
};
