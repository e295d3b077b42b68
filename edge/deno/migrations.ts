/**
 * Applies each module's D1 migrations folder to its libsql file the way `wrangler d1 migrations apply`
 * does: every `.sql` file in name order, once, recorded in a `d1_migrations` table. The databases and their
 * folders come from the module list (cloud/modules.ts), as wrangler.toml's do.
 */
import type { Client } from "@libsql/client";
import { denoRuntime } from "./runtime.ts";

/** Applies the folder's pending migrations; returns the names applied. */
export async function applyMigrations(client: Client, folder: URL): Promise<string[]> {
  const deno = denoRuntime();
  await client.execute(
    "CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
  );
  const done = new Set(
    (await client.execute("SELECT name FROM d1_migrations")).rows.map((r) => String(r.name)),
  );
  const files: string[] = [];
  for await (const entry of deno.readDir(folder))
    if (entry.isFile && entry.name.endsWith(".sql")) files.push(entry.name);
  const applied: string[] = [];
  for (const name of files.sort()) {
    if (done.has(name)) continue;
    const text = await deno.readTextFile(new URL(name, folder));
    const tx = await client.transaction("write");
    try {
      await tx.executeMultiple(text.replaceAll("--> statement-breakpoint", ""));
      await tx.execute({ sql: "INSERT INTO d1_migrations (name) VALUES (?)", args: [name] });
      await tx.commit();
    } catch (err) {
      await tx.rollback();
      throw new Error(`migration ${name} failed: ${String(err)}`);
    } finally {
      tx.close();
    }
    applied.push(name);
  }
  return applied;
}
