import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  PATHS,
  planResource,
  render,
  ResourceRefusedError,
  type ResourcePlan,
} from '../src/resource.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = Date.UTC(2030, 0, 1);
const RESOURCE = `${PATHS.resources}/invoices`;

const textOf = (plan: ResourcePlan, path: string): string => {
  const file = [...plan.created, ...plan.edited].find((change) => change.path === path);
  if (file === undefined) {
    throw new Error(`${path} is not in the plan`);
  }
  return file.text;
};

describe(planResource.name, () => {
  const plan = planResource(ROOT, 'invoices', NOW);

  it('creates the folder, the migration and the e2e suite, and edits three files', () => {
    expect(plan.created.map((file) => file.path).sort()).toEqual(
      [
        `${PATHS.migrations}/${NOW}-create-invoices.ts`,
        `${RESOURCE}/dto/create-invoice.dto.ts`,
        `${RESOURCE}/dto/invoice-fields.ts`,
        `${RESOURCE}/dto/invoice-id.params.ts`,
        `${RESOURCE}/dto/invoice.dto.ts`,
        `${RESOURCE}/dto/list-invoices.query.ts`,
        `${RESOURCE}/dto/update-invoice.dto.ts`,
        `${RESOURCE}/invoice.entity.ts`,
        `${RESOURCE}/invoice.types.ts`,
        `${RESOURCE}/invoices.controller.ts`,
        `${RESOURCE}/invoices.errors.ts`,
        `${RESOURCE}/invoices.module.ts`,
        `${RESOURCE}/invoices.service.ts`,
        'apps/api/test/invoices.e2e-spec.ts',
      ].sort(),
    );
    expect(plan.edited.map((file) => file.path)).toEqual([
      PATHS.migrationIndex,
      PATHS.registration,
      PATHS.routeMatrix,
    ]);
    for (const file of plan.created) {
      expect(file.text, file.path).not.toMatch(/\{\{|\}\}|[Nn]otes?\b/);
    }
  });

  it('declares every route owner-scoped and takes the owner only from the session', () => {
    const controller = textOf(plan, `${RESOURCE}/invoices.controller.ts`);
    expect(controller).toContain("@OwnerScoped('invoice')\n@Controller('invoices')");
    const handlers = controller.match(/^ {2}async \w+\(/gm) ?? [];
    expect(handlers).toHaveLength(5);
    expect(controller.match(/@CurrentOwner\(\) owner: Owner/g)).toHaveLength(5);
    expect(controller).not.toMatch(/ownerId|Repository|typeorm/);
    expect(textOf(plan, `${RESOURCE}/invoices.module.ts`)).toContain(
      "OwnershipModule.forResource('invoice', Invoice)",
    );
  });

  it('reaches rows only through the owned repository, and encrypts the details', () => {
    const service = textOf(plan, `${RESOURCE}/invoices.service.ts`);
    expect(service).toContain('@InjectOwnedRepository(Invoice) private readonly invoices');
    expect(service).not.toMatch(/^import \{[^}]*\} from 'typeorm'/m);
    expect(service.match(/this\.invoices\.\w+\(owner, /g)).toHaveLength(6);
    const entity = textOf(plan, `${RESOURCE}/invoice.entity.ts`);
    expect(entity).toContain("@Entity('invoices')");
    expect(entity).toContain('@EncryptedColumn()\n  details: string;');
  });

  it('migrates the table with its owner, its CHECKs and its index', () => {
    const migration = textOf(plan, `${PATHS.migrations}/${NOW}-create-invoices.ts`);
    expect(migration).toContain(`export class CreateInvoices${NOW} implements MigrationInterface`);
    expect(migration).toContain('owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE');
    expect(migration).toContain("CHECK (details_encrypted LIKE 'ef1:%')");
    expect(migration).toContain('CHECK (char_length(name) BETWEEN 1 AND 200)');
    expect(migration).toContain(
      'CREATE INDEX invoices_by_owner ON invoices (owner_id, created_at)',
    );
  });

  it('tests the resource against another user', () => {
    const suite = textOf(plan, 'apps/api/test/invoices.e2e-spec.ts');
    expect(suite).toContain('itKeepsObjectsToTheirOwners(');
    expect(suite).toContain("collection: '/invoices',");
  });

  it('registers the module, lists the migration last and adds five route-matrix rows', () => {
    expect(textOf(plan, PATHS.registration)).toMatch(
      /import \{ InvoicesModule \} from '\.\/invoices\/invoices\.module\.js';[\s\S]*ResourceModule\[\] = \[[\w, ]*InvoicesModule\];/,
    );
    const migrations = textOf(plan, PATHS.migrationIndex);
    expect(migrations).toContain(
      `import { CreateInvoices${NOW} } from './${NOW}-create-invoices.js';`,
    );
    expect(migrations.trimEnd()).toMatch(new RegExp(`,\\s*CreateInvoices${NOW}\\];$`));
    const rows = textOf(plan, PATHS.routeMatrix).match(/^'\w+ \/invoices[^']*': SIGNED_IN,$/gm);
    expect(rows).toEqual([
      "'POST /invoices': SIGNED_IN,",
      "'GET /invoices': SIGNED_IN,",
      "'GET /invoices/{id}': SIGNED_IN,",
      "'PATCH /invoices/{id}': SIGNED_IN,",
      "'DELETE /invoices/{id}': SIGNED_IN,",
    ]);
  });

  it('spells a multi-word resource in each convention', () => {
    const orders = planResource(ROOT, 'purchase-orders', NOW);
    const paths = orders.created.map((file) => file.path);
    expect(paths).toContain(`${PATHS.resources}/purchase-orders/purchase-order.entity.ts`);
    const controller = textOf(
      orders,
      `${PATHS.resources}/purchase-orders/purchase-orders.controller.ts`,
    );
    expect(controller).toContain("@OwnerScoped('purchase-order')\n@Controller('purchase-orders')");
    expect(controller).toContain('export class PurchaseOrdersController');
    expect(textOf(orders, `${PATHS.migrations}/${NOW}-create-purchase-orders.ts`)).toContain(
      'CREATE TABLE purchase_orders (',
    );
  });

  it('dates the migration after the newest one, even with a clock behind', () => {
    const behind = planResource(ROOT, 'invoices', 0);
    const [migration] = behind.created.filter((file) => file.path.startsWith(PATHS.migrations));
    expect(Number(/(\d+)-create-invoices/.exec(migration?.path ?? '')?.[1])).toBeGreaterThan(
      1765110000000,
    );
  });

  it.each([
    ['sessions', /a table sessions exists already/],
    ['pages', /makes two Page in .*pages\.service\.ts/],
  ])('refuses %s', (name, message) => {
    expect(() => planResource(ROOT, name, NOW)).toThrow(message);
  });
});

describe(render.name, () => {
  it('fails on a token without a value instead of leaving it in', () => {
    expect(render('{{Singular}}Dto', { Singular: 'Invoice' })).toBe('InvoiceDto');
    expect(() => render('{{Singulr}}Dto', { Singular: 'Invoice' })).toThrow(
      'template token {{Singulr}} has no value',
    );
  });
});

describe('on a copy of the files it reads', () => {
  let scratch: string | undefined;

  /** The files the generator reads and writes, copied from this repository. */
  const copy = (): string => {
    scratch = mkdtempSync(join(tmpdir(), 'generator-'));
    for (const path of [PATHS.resources, PATHS.migrations, PATHS.routeMatrix, PATHS.openApi]) {
      cpSync(join(ROOT, path), join(scratch, path), { recursive: true });
    }
    return scratch;
  };

  afterEach(() => {
    if (scratch !== undefined) {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('refuses a resource it made, and a route the API serves, folder or not', () => {
    const root = copy();
    applyPlan(root, planResource(root, 'invoices', NOW));
    expect(() => planResource(root, 'invoices', NOW)).toThrow(
      'apps/api/src/resources/invoices exists already',
    );
    rmSync(join(root, RESOURCE), { recursive: true });
    expect(() => planResource(root, 'invoices', NOW)).toThrow(ResourceRefusedError);
    expect(() => planResource(root, 'invoices', NOW)).toThrow(
      'the API serves POST /invoices already (apps/api/test/route-matrix.ts)',
    );
  });

  it('refuses, writing nothing, when a file lost the declaration it adds to', () => {
    const root = copy();
    const registration = join(root, PATHS.registration);
    const renamed = readFileSync(registration, 'utf8').replace('RESOURCE_MODULES', 'MODULES');
    writeFileSync(registration, renamed);
    expect(() => planResource(root, 'invoices', NOW)).toThrow(
      'apps/api/src/resources/resources.ts: no top-level `const RESOURCE_MODULES = …` to add to',
    );
    expect(existsSync(join(root, RESOURCE))).toBe(false);
  });

  it('writes the plan, and its undo puts every file back as it was', () => {
    const root = copy();
    const plan = planResource(root, 'invoices', NOW);
    const before = (path: string): string => readFileSync(join(root, path), 'utf8');
    const originals = [...plan.edited.map((file) => file.path), PATHS.openApi].map(
      (path) => [path, before(path)] as const,
    );

    const undo = applyPlan(root, plan, [PATHS.openApi]);
    for (const file of [...plan.created, ...plan.edited]) {
      expect(readFileSync(join(root, file.path), 'utf8'), file.path).toBe(file.text);
    }

    undo();
    expect(existsSync(join(root, RESOURCE))).toBe(false);
    for (const file of plan.created) {
      expect(existsSync(join(root, file.path)), file.path).toBe(false);
    }
    for (const [path, text] of originals) {
      expect(before(path), path).toBe(text);
    }
  });
});
