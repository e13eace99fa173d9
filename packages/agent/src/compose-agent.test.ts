import { accountLifecycle } from './compose-agent';
import { memberNames } from './operations/step-groups';

/* The account lifecycle's step order, as a specification (the runner undoes in reverse). */
describe('accountLifecycle', () => {
  /** Single steps in order, group members flattened (step-groups.ts). */
  const names = (kind: keyof ReturnType<typeof accountLifecycle>) => accountLifecycle()[kind].steps.flatMap((s) => memberNames(s));
  const groups = (kind: keyof ReturnType<typeof accountLifecycle>) => accountLifecycle()[kind].steps.map((s) => s.name);

  test('create builds from the record and the user outwards; TLS is planned last', () => {
    expect(names('create')).toEqual([
      'check_database_prefix_free', 'account_record', 'linux_user', 'home', 'default_index_page', 'web_log_dir', 'php_fpm_pool', 'nginx_vhost',
      'dns_zone', 'mail_domain', 'tls_request',
    ]);
  });

  test('a create\'s web, DNS and mail run at the same time; TLS waits for all of them', () => {
    expect(groups('create')).toEqual(['check_database_prefix_free', 'account_record', 'host_services', 'tls_request']);
  });

  test('delete stops TLS before the vhost goes, the home (and its processes) after the pool, and removes the record last', () => {
    expect(names('delete')).toEqual([
      'remove_service_accounts', 'tls_stop', 'domains_tls_stop', 'domains_web_remove_vhost', 'web_remove_vhost', 'tls_remove_certificate',
      'domains_tls_remove_certificate', 'web_remove_php_pool', 'drop_databases', 'domains_remove_mail_domain', 'remove_mail_domain',
      'domains_remove_dns_zone', 'remove_dns_zone', 'web_remove_log_dir',
      'remove_home', 'remove_user', 'remove_account_record',
    ]);
    expect(groups('delete')).toEqual([
      'remove_service_accounts', 'tls_stop', 'domains_tls_stop', 'retire_services', 'web_remove_log_dir',
      'remove_home', 'remove_user', 'remove_account_record',
    ]);
  });

  test('repair is create without the prefix check; suspend and unsuspend mirror each other', () => {
    expect(names('repair')).toEqual(names('create').filter((n) => n !== 'check_database_prefix_free'));
    expect(names('suspend')).toHaveLength(names('unsuspend').length);
    expect(names('suspend')[0]).toBe('lock_login');
    expect(names('unsuspend')[0]).toBe('unlock_login');
  });

  test('suspend, unsuspend and delete cover the added domains (domains/) with the primary\'s own steps', () => {
    expect(names('suspend')).toEqual(expect.arrayContaining(['web_suspend_vhost', 'domains_web_suspend_vhost', 'suspend_mail', 'domains_suspend_mail']));
    expect(names('unsuspend')).toEqual(expect.arrayContaining(['web_unsuspend_vhost', 'domains_web_unsuspend_vhost', 'unsuspend_mail', 'domains_unsuspend_mail']));
  });
});
