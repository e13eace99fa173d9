<?php
/**
 * Runs one function of the Hearth WHMCS module outside WHMCS: a stand-in for the few WHMCS
 * pieces the module uses (the WHMCS constant, logModuleCall and, in capsule-stand-in.php,
 * Capsule::table()->where()->update() for UsageUpdate's tblhosting rows), then
 * `hearth_<Function>($params)` with params read as JSON from stdin. Prints the function's
 * return value as JSON. logModuleCall appends one JSON line per call to $HEARTH_WHMCS_LOG,
 * with the replace-list values masked as WHMCS does.
 *
 * Usage: php run-module.php <Function> < params.json
 */

define('WHMCS', true);
require __DIR__ . '/capsule-stand-in.php';

function logModuleCall($module, $action, $request, $response, $processed = null, array $replace = [])
{
    $mask = function ($v) use ($replace) {
        $text = is_string($v) ? $v : json_encode($v);
        foreach ($replace as $secret) {
            if ($secret !== '') {
                $text = str_replace($secret, str_repeat('*', strlen($secret)), $text);
            }
        }
        return $text;
    };
    $file = getenv('HEARTH_WHMCS_LOG');
    if ($file) {
        file_put_contents($file, json_encode(['module' => $module, 'action' => $action, 'request' => $mask($request), 'response' => $mask($response), 'replace' => count($replace)]) . "\n", FILE_APPEND);
    }
}

require __DIR__ . '/../../integrations/whmcs/modules/servers/hearth/hearth.php';

$function = 'hearth_' . ($argv[1] ?? '');
if (!preg_match('/^hearth_[A-Za-z]+$/', $function) || !function_exists($function)) {
    fwrite(STDERR, "no such module function: $function\n");
    exit(2);
}
$params = json_decode(stream_get_contents(STDIN), true);
echo json_encode($function(is_array($params) ? $params : [])), "\n";
