/**
 * Records an installed community package in n8n's SQLite database (tables installed_packages and
 * installed_nodes), the rows n8n's Community Nodes installer saves after it loaded a package.
 * Run with the Node binary n8n uses; sqlite3 is loaded from n8n's own install.
 *
 *   node register-community-package.cjs '<json: database, sqlite3, packageName, installedVersion,
 *                                          authorName, authorEmail, nodes: [{name, type, version}]>'
 */
'use strict';

const input = JSON.parse(process.argv[2]);
const sqlite3 = require(input.sqlite3);

const db = new sqlite3.Database(input.database);

function exec(sql, params = []) {
	return new Promise((resolve, reject) => {
		db.run(sql, params, (error) => (error ? reject(error) : resolve()));
	});
}

function all(sql, params = []) {
	return new Promise((resolve, reject) => {
		db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)));
	});
}

async function tableName(suffix) {
	const rows = await all("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?", [`%${suffix}`]);
	const match = rows.find((row) => row.name === suffix || row.name.endsWith(suffix));
	if (!match) throw new Error(`table ${suffix} not found in ${input.database}: has n8n created the database?`);
	return match.name;
}

async function main() {
	const packages = await tableName('installed_packages');
	const nodes = await tableName('installed_nodes');
	const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
	db.serialize();
	await exec('BEGIN');
	try {
		await exec(`DELETE FROM "${nodes}" WHERE "package" = ?`, [input.packageName]);
		await exec(`DELETE FROM "${packages}" WHERE "packageName" = ?`, [input.packageName]);
		await exec(
			`INSERT INTO "${packages}" ("packageName", "installedVersion", "authorName", "authorEmail", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`,
			[input.packageName, input.installedVersion, input.authorName, input.authorEmail, now, now],
		);
		for (const node of input.nodes) {
			await exec(`INSERT INTO "${nodes}" ("name", "type", "latestVersion", "package") VALUES (?, ?, ?, ?)`, [
				node.name,
				node.type,
				node.version,
				input.packageName,
			]);
		}
		await exec('COMMIT');
	} catch (error) {
		await exec('ROLLBACK').catch(() => undefined);
		throw error;
	}
}

main()
	.then(() => db.close())
	.catch((error) => {
		console.error(error && error.stack ? error.stack : String(error));
		db.close();
		process.exitCode = 1;
	});
