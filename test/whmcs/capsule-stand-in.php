<?php
/**
 * Stand-in for WHMCS's database layer (Illuminate's query builder behind
 * WHMCS\Database\Capsule) as far as the Hearth module uses it: table()->where()->update().
 * Each update is appended as one JSON line to $HEARTH_WHMCS_DB, so a test can check what
 * the module would have written to tblhosting.
 */
namespace WHMCS\Database;

class StandInQuery
{
    private $table;
    private $wheres = [];

    public function __construct($table)
    {
        $this->table = $table;
    }

    public function where($column, $value)
    {
        $this->wheres[$column] = $value;
        return $this;
    }

    public function update(array $values)
    {
        $file = getenv('HEARTH_WHMCS_DB');
        if ($file) {
            file_put_contents($file, json_encode(['table' => $this->table, 'where' => $this->wheres, 'update' => $values]) . "\n", FILE_APPEND);
        }
        return 1;
    }
}

class Capsule
{
    public static function table($name)
    {
        return new StandInQuery($name);
    }
}
