// Where "Import X from m" puts the new import (isort's sections and order), and what fix-all makes of
// several such fixes in one file. Each case is a small project checked for real.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixAllEdits } from '../../server/out/checks/fixAll';
import { applyEdits, checkFixture } from '../support/fixtures';
import { removeTemp } from '../support/tempProject';

const MODULES: Record<string, string> = {
  'app/__init__.py': '',
  'app/auth.py': 'def current_user():\n    return None\n',
  'app/models.py': 'class Ticket:\n    pass\n\n\nclass TicketStatus:\n    OPEN = 1\n\n\nMAX_TICKETS = 3\n',
  'app/services.py': 'def notify(who):\n    return who\n',
  'billing/__init__.py': '',
  'billing/invoices.py': 'def invoice():\n    return 1\n',
};

async function withViews(views: string, run: (diagnostics: Awaited<ReturnType<typeof checkFixture>>) => void): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-imports-'));
  try {
    for (const [rel, text] of Object.entries({ ...MODULES, 'app/views.py': views })) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    run((await checkFixture(root)).filter((d) => d.file === 'app/views.py'));
  } finally {
    removeTemp(root);
  }
}

/** The file after the only fix of the diagnostic on `name`. */
function fixedFor(views: string, diagnostics: Awaited<ReturnType<typeof checkFixture>>, name: string): string {
  const d = diagnostics.find((x) => x.message.startsWith(`Name '${name}'`));
  assert.ok(d, `no diagnostic on ${name}: ${diagnostics.map((x) => x.message).join('; ')}`);
  assert.strictEqual(d.fixes.length, 1);
  return applyEdits(views, d.fixes[0].edits);
}

describe('import placement and fix-all', function () {
  this.timeout(60000);

  it('puts a first-party import in the first-party section, sorted among the from-imports', async () => {
    const views = 'import os\n\nimport requests\n\nimport app\nfrom app.auth import current_user\nfrom app.services import notify\n\n\nx = (os, requests, app, current_user, notify, Ticket)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(
        fixedFor(views, ds, 'Ticket'),
        'import os\n\nimport requests\n\nimport app\nfrom app.auth import current_user\nfrom app.models import Ticket\nfrom app.services import notify\n\n\nx = (os, requests, app, current_user, notify, Ticket)\n',
      );
    });
  });

  it('after the last first-party import when it sorts last, before a local (relative) section', async () => {
    const views = 'import os\n\nfrom app.auth import current_user\n\nfrom . import services\n\nx = (os, current_user, services, notify)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'notify'), 'import os\n\nfrom app.auth import current_user\nfrom app.services import notify\n\nfrom . import services\n\nx = (os, current_user, services, notify)\n');
    });
  });

  it('opens a first-party section after the third-party one, set apart by a blank line', async () => {
    const views = '"""Views."""\nimport os\n\nimport requests\n\nx = (os, requests, notify)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'notify'), '"""Views."""\nimport os\n\nimport requests\n\nfrom app.services import notify\n\nx = (os, requests, notify)\n');
    });
  });

  it('opens a first-party section before a local one', async () => {
    const views = 'import os\n\nfrom . import auth\n\nx = (os, auth, notify)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'notify'), 'import os\n\nfrom app.services import notify\n\nfrom . import auth\n\nx = (os, auth, notify)\n');
    });
  });

  it('treats another project package as first party too', async () => {
    const views = 'import os\n\nfrom billing.invoices import invoice\n\nx = (os, invoice, notify)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'notify'), 'import os\n\nfrom app.services import notify\nfrom billing.invoices import invoice\n\nx = (os, invoice, notify)\n');
    });
  });

  it('keeps the old place (after the imports) in a file not in isort order', async () => {
    const views = 'from app.services import notify\nimport os\n\nx = (os, notify, current_user)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'current_user'), 'from app.services import notify\nimport os\nfrom app.auth import current_user\n\nx = (os, notify, current_user)\n');
    });
  });

  it('merges a name into an existing from-import after the name that sorts before it (constants, classes, functions)', async () => {
    const views = 'from app.models import MAX_TICKETS, Ticket\n\nx = (MAX_TICKETS, Ticket, TicketStatus)\n';
    await withViews(views, (ds) => {
      assert.strictEqual(fixedFor(views, ds, 'TicketStatus'), 'from app.models import MAX_TICKETS, Ticket, TicketStatus\n\nx = (MAX_TICKETS, Ticket, TicketStatus)\n');
    });
    const between = 'from app.models import MAX_TICKETS, TicketStatus\n\nx = (MAX_TICKETS, Ticket, TicketStatus)\n';
    await withViews(between, (ds) => {
      assert.strictEqual(fixedFor(between, ds, 'Ticket'), 'from app.models import MAX_TICKETS, Ticket, TicketStatus\n\nx = (MAX_TICKETS, Ticket, TicketStatus)\n');
    });
    // Never at the start of a name (another fix may rename it): a name that sorts first goes last.
    const first = 'from app.models import Ticket\n\nx = (MAX_TICKETS, Ticket)\n';
    await withViews(first, (ds) => {
      assert.strictEqual(fixedFor(first, ds, 'MAX_TICKETS'), 'from app.models import Ticket, MAX_TICKETS\n\nx = (MAX_TICKETS, Ticket)\n');
    });
  });

  it('fix-all: each missing import once, two names of one module on one line, modules sorted', async () => {
    const views = 'import os\n\nimport requests\n\n\ndef f():\n    return os, requests, notify, Ticket, TicketStatus, current_user, notify\n';
    await withViews(views, (ds) => {
      assert.strictEqual(ds.length, 5);
      assert.strictEqual(
        applyEdits(views, fixAllEdits(ds, 'app/views.py')),
        'import os\n\nimport requests\n\nfrom app.auth import current_user\nfrom app.models import Ticket, TicketStatus\nfrom app.services import notify\n\n\ndef f():\n    return os, requests, notify, Ticket, TicketStatus, current_user, notify\n',
      );
    });
  });

  it('fix-all leaves out a name several modules define (no single obvious fix)', async () => {
    const views = 'x = (Ticket, current_user)\n';
    await withViews(views, (ds) => {
      const ambiguous = ds.find((d) => d.message.startsWith("Name 'Ticket'"))!;
      ambiguous.fixes.push({ ...ambiguous.fixes[0], title: 'elsewhere', isPreferred: false });
      ambiguous.fixes[0] = { ...ambiguous.fixes[0], isPreferred: false };
      assert.strictEqual(applyEdits(views, fixAllEdits(ds, 'app/views.py')), 'from app.auth import current_user\nx = (Ticket, current_user)\n');
    });
  });
});
