<?php
/**
 * Hearth provisioning module for WHMCS.
 *
 * Drives a Hearth panel's REST API (/api/v1) for the whole billing lifecycle: create,
 * suspend, unsuspend, terminate, change password, change package, test connection and
 * usage. Server settings in WHMCS: Hostname (the panel's name or address), Port (8443 by
 * default), Secure (HTTPS), and an API token with the account scopes in "Access Hash".
 *
 * Every action is safe to repeat, because WHMCS admins press "retry" on a failed one.
 * CreateAccount carries an Idempotency-Key derived from the service id, so a retried create
 * never provisions twice. ChangePassword and ChangePackage carry one per service, action and
 * target (see hearth_postIdempotent for why a replayed answer is confirmed). Suspend,
 * unsuspend and terminate carry none; they are made safe to repeat here instead: suspending
 * a suspended account or unsuspending an active one is a success without a call (Hearth
 * itself answers 409 to those), and terminating an account that is already gone is a success.
 *
 * UsageUpdate reads GET /accounts?include=usage (disk and this month's bandwidth, measured by
 * the server at most a few minutes ago) and writes them into tblhosting.
 *
 * Install: copy modules/servers/hearth/ into WHMCS's modules/servers/ (docs/whmcs.md).
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

use WHMCS\Database\Capsule;

const HEARTH_MODULE_VERSION = '1.0.0';

function hearth_MetaData()
{
    return [
        'DisplayName' => 'Hearth',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultSSLPort' => '8443',
        'DefaultNonSSLPort' => '8080',
    ];
}

function hearth_ConfigOptions()
{
    return [
        'Package ID' => [
            'Type' => 'text',
            'Size' => '8',
            'Default' => '1',
            'Description' => 'The id of the Hearth package this product provisions (GET /api/v1/packages).',
        ],
    ];
}

/** Base URL of the panel's API for these server settings. */
function hearth_baseUrl(array $params)
{
    $host = trim((string) ($params['serverhostname'] ?? ''));
    if ($host === '') {
        $host = trim((string) ($params['serverip'] ?? ''));
    }
    $secure = !empty($params['serversecure']) && $params['serversecure'] !== 'off';
    $port = (string) ($params['serverport'] ?? '');
    if ($port === '') {
        $port = $secure ? '8443' : '8080';
    }
    if (strpos($host, ':') !== false && $host[0] !== '[') {
        $host = '[' . $host . ']';
    }
    return ($secure ? 'https' : 'http') . '://' . $host . ':' . $port . '/api/v1';
}

/**
 * One API call. Returns ['status' => int, 'body' => array|null, 'error' => string|null].
 * The token is never logged: logModuleCall gets it in its replace list.
 */
function hearth_call(array $params, $method, $path, $body = null, $idempotencyKey = null)
{
    $token = trim((string) ($params['serveraccesshash'] ?? ''));
    $url = hearth_baseUrl($params) . $path;
    $headers = ['Accept: application/json', 'Authorization: Bearer ' . $token, 'User-Agent: hearth-whmcs/' . HEARTH_MODULE_VERSION];
    if ($body !== null) {
        $headers[] = 'Content-Type: application/json';
    }
    if ($idempotencyKey !== null) {
        $headers[] = 'Idempotency-Key: ' . $idempotencyKey;
    }
    $replayed = false;
    $ch = curl_init($url);
    curl_setopt_array($ch, [
        CURLOPT_HEADERFUNCTION => function ($ch, $line) use (&$replayed) {
            if (preg_match('/^Idempotent-Replayed:\s*true\s*$/i', $line)) {
                $replayed = true;
            }
            return strlen($line);
        },
        CURLOPT_CUSTOMREQUEST => $method,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HTTPHEADER => $headers,
        CURLOPT_CONNECTTIMEOUT => 10,
        // Account creation is synchronous and may take a while on a busy server.
        CURLOPT_TIMEOUT => 180,
        CURLOPT_SSL_VERIFYPEER => true,
        CURLOPT_SSL_VERIFYHOST => 2,
    ]);
    $caFile = getenv('HEARTH_CA_FILE');
    if ($caFile) {
        curl_setopt($ch, CURLOPT_CAINFO, $caFile);
    }
    if ($body !== null) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body));
    }
    $raw = curl_exec($ch);
    $result = ['status' => 0, 'body' => null, 'error' => null, 'replayed' => false];
    if ($raw === false) {
        $result['error'] = 'Could not reach the Hearth panel at ' . hearth_baseUrl($params) . ': ' . curl_error($ch);
    } else {
        $result['status'] = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        $decoded = json_decode((string) $raw, true);
        $result['body'] = is_array($decoded) ? $decoded : null;
    }
    $result['replayed'] = $replayed;
    curl_close($ch);
    $secrets = array_values(array_filter([$token, (string) ($params['password'] ?? '')], 'strlen'));
    logModuleCall('hearth', $method . ' ' . $path, $body === null ? '' : json_encode($body), $raw === false ? $result['error'] : $raw, $result['body'], $secrets);
    return $result;
}

/** A message a WHMCS admin can act on, from a Hearth error answer. */
function hearth_errorOf(array $r, $what)
{
    if ($r['error'] !== null) {
        return $r['error'];
    }
    // Hearth's error body: {"error": "<code>", "message": "...", "details": [{"field", "message"}]}.
    $body = is_array($r['body']) ? $r['body'] : [];
    $message = (string) ($body['message'] ?? '');
    if (!empty($body['details']) && is_array($body['details'])) {
        $fields = [];
        foreach ($body['details'] as $d) {
            if (is_array($d) && isset($d['field'], $d['message'])) {
                $fields[] = $d['field'] . ' ' . $d['message'];
            }
        }
        if ($fields) {
            $message .= ' (' . implode('; ', $fields) . ')';
        }
    }
    switch ($r['status']) {
        case 401:
            return $what . ' failed: the API token in the server\'s Access Hash was refused (401). ' . $message;
        case 403:
            return $what . ' failed: the API token lacks a permission (403). ' . $message;
        case 503:
            return $what . ' failed: the server\'s agent is unavailable; nothing was changed, retry later. ' . $message;
        default:
            return $what . ' failed (HTTP ' . $r['status'] . '): ' . ($message !== '' ? $message : 'no error message');
    }
}

/** The Idempotency-Key of this service's creation: the same on every retry. */
function hearth_createKey(array $params)
{
    return 'whmcs-service-' . (int) ($params['serviceid'] ?? 0) . '-create';
}

/** The Hearth account of this service (by its username), or null when it does not exist. */
function hearth_findAccount(array $params, &$error = null)
{
    $username = (string) ($params['username'] ?? '');
    $r = hearth_call($params, 'GET', '/accounts?username=' . rawurlencode($username));
    if ($r['status'] !== 200) {
        $error = hearth_errorOf($r, 'Looking up account ' . $username);
        return null;
    }
    foreach (($r['body']['data'] ?? []) as $account) {
        if (is_array($account) && ($account['username'] ?? null) === $username) {
            return $account;
        }
    }
    return null;
}

/** Runs $action($id, $account) on the service's account; "success" or an error string. */
function hearth_withAccount(array $params, $what, callable $action)
{
    $error = null;
    $account = hearth_findAccount($params, $error);
    if ($error !== null) {
        return $error;
    }
    if ($account === null) {
        return $what . ' failed: no Hearth account named ' . ($params['username'] ?? '') . ' on this server.';
    }
    return $action((int) $account['id'], $account);
}

function hearth_CreateAccount(array $params)
{
    try {
        $body = [
            'username' => (string) $params['username'],
            'domain' => (string) $params['domain'],
            'email' => (string) ($params['clientsdetails']['email'] ?? ''),
            'password' => (string) $params['password'],
            'package_id' => (int) ($params['configoption1'] ?? 0),
        ];
        $r = hearth_call($params, 'POST', '/accounts', $body, hearth_createKey($params));
        if ($r['status'] === 201) {
            return 'success';
        }
        return hearth_errorOf($r, 'CreateAccount');
    } catch (\Throwable $e) {
        return 'CreateAccount failed: ' . $e->getMessage();
    }
}

function hearth_SuspendAccount(array $params)
{
    return hearth_withAccount($params, 'SuspendAccount', function ($id, $account) use ($params) {
        if (($account['status'] ?? '') === 'suspended') {
            return 'success';
        }
        $r = hearth_call($params, 'POST', '/accounts/' . $id . '/suspend', ['reason' => (string) ($params['suspendreason'] ?? '')]);
        return $r['status'] === 200 ? 'success' : hearth_errorOf($r, 'SuspendAccount');
    });
}

function hearth_UnsuspendAccount(array $params)
{
    return hearth_withAccount($params, 'UnsuspendAccount', function ($id, $account) use ($params) {
        if (($account['status'] ?? '') === 'active') {
            return 'success';
        }
        $r = hearth_call($params, 'POST', '/accounts/' . $id . '/unsuspend', null);
        return $r['status'] === 200 ? 'success' : hearth_errorOf($r, 'UnsuspendAccount');
    });
}

function hearth_TerminateAccount(array $params)
{
    $error = null;
    $account = hearth_findAccount($params, $error);
    if ($error !== null) {
        return $error;
    }
    if ($account === null) {
        // Already gone (an earlier attempt finished, or an admin removed it): nothing to do.
        return 'success';
    }
    $r = hearth_call($params, 'DELETE', '/accounts/' . (int) $account['id']);
    return in_array($r['status'], [204, 404], true) ? 'success' : hearth_errorOf($r, 'TerminateAccount');
}

/**
 * The Idempotency-Key of one action on one service and its target: the same on WHMCS's
 * retry of that action, different for another target. The password never appears in it:
 * its part is an HMAC keyed with the API token, which Hearth stores only hashed.
 */
function hearth_actionKey(array $params, $action, $target)
{
    return 'whmcs-service-' . (int) ($params['serviceid'] ?? 0) . '-' . $action . '-' . $target;
}

/**
 * POST with the action's key; when Hearth answers with a stored answer (Idempotent-Replayed),
 * that answer may be of an earlier, identical change that a later one has since undone
 * (password P, then Q, then P again), so the change is sent once more without a key.
 * Both changes below are idempotent (setting what is already set changes nothing), so
 * sending twice is harmless where replaying a stale answer would not be.
 */
function hearth_postIdempotent(array $params, $path, array $body, $key)
{
    $r = hearth_call($params, 'POST', $path, $body, $key);
    if ($r['status'] === 200 && !empty($r['replayed'])) {
        $r = hearth_call($params, 'POST', $path, $body);
    }
    return $r;
}

function hearth_ChangePassword(array $params)
{
    try {
        return hearth_withAccount($params, 'ChangePassword', function ($id) use ($params) {
            $password = (string) ($params['password'] ?? '');
            $target = substr(hash_hmac('sha256', $password, (string) ($params['serveraccesshash'] ?? '')), 0, 24);
            $r = hearth_postIdempotent($params, '/accounts/' . $id . '/password', ['password' => $password], hearth_actionKey($params, 'password', $target));
            return $r['status'] === 200 ? 'success' : hearth_errorOf($r, 'ChangePassword');
        });
    } catch (\Throwable $e) {
        return 'ChangePassword failed: ' . $e->getMessage();
    }
}

function hearth_ChangePackage(array $params)
{
    try {
        return hearth_withAccount($params, 'ChangePackage', function ($id, $account) use ($params) {
            $package = (int) ($params['configoption1'] ?? 0);
            if ($package < 1) {
                return 'ChangePackage failed: the product\'s Package ID setting is not a Hearth package id.';
            }
            $from = (int) ($account['package_id'] ?? 0);
            $key = hearth_actionKey($params, 'package', $from . '-to-' . $package);
            $r = hearth_postIdempotent($params, '/accounts/' . $id . '/package', ['package_id' => $package], $key);
            return $r['status'] === 200 ? 'success' : hearth_errorOf($r, 'ChangePackage');
        });
    } catch (\Throwable $e) {
        return 'ChangePackage failed: ' . $e->getMessage();
    }
}

function hearth_TestConnection(array $params)
{
    $r = hearth_call($params, 'GET', '/server');
    if ($r['status'] === 200) {
        return ['success' => true, 'error' => ''];
    }
    return ['success' => false, 'error' => hearth_errorOf($r, 'TestConnection')];
}

/**
 * Disk and bandwidth of every account on this server into WHMCS (run by its daily cron).
 * Reads the accounts page by page with their usage, then updates tblhosting by username.
 */
function hearth_UsageUpdate(array $params)
{
    $page = 1;
    do {
        $r = hearth_call($params, 'GET', '/accounts?include=usage&per_page=100&page=' . $page);
        if ($r['status'] !== 200) {
            return hearth_errorOf($r, 'UsageUpdate');
        }
        foreach (($r['body']['data'] ?? []) as $account) {
            $usage = $account['usage'] ?? null;
            if (!array_key_exists('usage', $account)) {
                // A server without ?include=usage lists accounts bare: say so, never a silent "success".
                return 'UsageUpdate failed: this Hearth server does not report usage (GET /accounts?include=usage)';
            }
            if (!is_array($usage)) {
                // The server could not measure this account right now (agent busy or down): keep the last figures.
                continue;
            }
            Capsule::table('tblhosting')
                ->where('server', $params['serverid'])
                ->where('username', $account['username'])
                ->update([
                    'diskusage' => (int) round($usage['disk_mb']['total'] ?? 0),
                    'disklimit' => (int) ($usage['disk_limit_mb'] ?? 0),
                    'bwusage' => (int) round($usage['bandwidth_mb'] ?? 0),
                    'bwlimit' => (int) ($usage['bandwidth_limit_mb'] ?? 0),
                    'lastupdate' => date('Y-m-d H:i:s'),
                ]);
        }
        $pages = (int) ($r['body']['meta']['pages'] ?? 1);
        $page++;
    } while ($page <= $pages);
    return 'success';
}

function hearth_AdminServicesTabFields(array $params)
{
    $error = null;
    $account = hearth_findAccount($params, $error);
    if ($error !== null) {
        return ['Hearth' => htmlspecialchars($error, ENT_QUOTES)];
    }
    if ($account === null) {
        return ['Hearth' => 'No account on this server'];
    }
    $fields = [
        'Hearth account id' => (string) (int) $account['id'],
        'Hearth status' => htmlspecialchars((string) ($account['status'] ?? ''), ENT_QUOTES),
        'Hearth package' => htmlspecialchars((string) ($account['package_id'] ?? ''), ENT_QUOTES),
    ];
    return $fields;
}

function hearth_AdminCustomButtonArray()
{
    return ['Refresh usage' => 'RefreshUsage'];
}

function hearth_RefreshUsage(array $params)
{
    return hearth_UsageUpdate($params);
}
