/**
 * Deterministic generator of synthetic, realistic multi-package Python backend projects
 * used by the benchmark.
 *
 * The generated project is meant to be "clean": every import resolves, every imported name
 * exists in its target, every name used is bound, every `module.attr` exists, and the whole
 * tree imports at runtime without errors (the effective import graph, including the implicit
 * imports of package `__init__` files, is acyclic).
 *
 * How acyclicity is guaranteed: modules are created in one global order, package by package
 * ("units"); a module only imports modules created before it, and package re-export targets
 * of packages finished before its own. A package `__init__` only re-exports from its own
 * modules, and a package is always created before its subpackages, so importing any module
 * only ever pulls in earlier units (or earlier modules of the same unit).
 */
import * as fs from "fs";
import * as path from "path";

export interface GeneratedProject {
  root: string; // absolute path of the generated project
  moduleCount: number; // number of .py modules written (including __init__.py files)
  files: string[]; // relative POSIX paths of all .py files written
  totalBytes: number; // sum of sizes of the .py files
  hubFile: string; // relative path of the "hub" module
  hubExportName: string; // name of a function defined in the hub that its importers use
  hubImporters: string[]; // relative paths of modules that import hubExportName from the hub
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** A small seeded generator: the same seed gives the same numbers (bench/src/editsAgree.ts picks its edits with it too). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly f: () => number;
  constructor(seed: number) {
    this.f = mulberry32(seed);
  }
  next(): number {
    return this.f();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.f() < p;
  }
  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.f() * arr.length)];
  }
  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.f() * (i + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
  /** n distinct elements (order random). */
  sample<T>(arr: readonly T[], n: number): T[] {
    const copy = arr.slice();
    const k = Math.min(n, copy.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.f() * (copy.length - i));
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, k);
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.f() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Invariants relied upon for name uniqueness:
//  * module stems are `noun_role`, `qual_noun_role` or `noun_role_N` (always contain "_");
//  * verbs, qualifiers and nouns are disjoint, so `verb_stem` never equals another stem;
//  * roles never end in "record", "status", "mod", "limit";
//  * local variable / parameter names used inside generated functions contain no "_".

const NOUNS = [
  "order", "invoice", "payment", "customer", "account", "user", "session", "cart", "product",
  "price", "discount", "coupon", "shipment", "parcel", "address", "warehouse", "stock",
  "supplier", "review", "rating", "ticket", "message", "notification", "report", "metric",
  "audit", "ledger", "balance", "refund", "subscription", "plan", "tenant", "role",
  "permission", "upload", "thumbnail", "job", "task", "webhook", "batch", "template", "device",
  "region", "currency", "tax", "vendor", "contract", "quote", "category", "tag", "comment",
  "feed", "channel", "workspace", "project", "team", "member", "invite", "credential", "quota",
  "usage", "carrier", "route", "payout", "wallet", "merchant", "receipt", "cohort", "segment",
  "campaign", "lead", "deal", "asset", "license", "reminder", "survey", "booking", "venue",
  "menu", "recipe", "article", "document", "signature", "consent", "incident", "alert",
  "deployment", "cluster", "shard", "snapshot", "backup", "setting", "feature", "experiment",
  "variant", "locale", "translation", "inventory", "shipping", "billing", "pricing",
] as const;

const ROLES = [
  "service", "store", "repository", "handler", "manager", "client", "adapter", "mapper",
  "validator", "serializer", "builder", "factory", "policy", "gateway", "worker", "scheduler",
  "registry", "resolver", "provider", "processor", "controller", "view", "schema", "model",
  "helper", "formatter", "parser", "loader", "exporter", "tracker", "monitor", "cache",
  "router", "dispatcher", "facade", "query", "command", "listener", "sync", "rules",
] as const;

const QUALS = [
  "bulk", "legacy", "internal", "public", "remote", "local", "cached", "daily", "admin",
  "partner", "primary", "shadow", "nightly", "realtime", "secure", "regional", "external",
  "mobile", "web", "staged",
] as const;

const VERBS_LIST = ["build", "collect", "expand", "render", "compose", "prepare"] as const;
const VERBS_CHECK = ["validate", "check", "verify", "inspect", "accept"] as const;
const VERBS_TOTAL = ["tally", "score", "measure", "weigh", "aggregate"] as const;
const VERBS_FETCH = ["fetch", "load", "refresh", "pull", "resolve"] as const;
const VERBS_CLASSIFY = ["classify", "categorize", "triage"] as const;
const VERBS_COORD = ["coordinate", "orchestrate", "assemble", "wire", "run"] as const;
const VERBS_GATHER = ["gather", "poll", "warm", "prefetch"] as const;

/** Top-level groups in dependency layer order (lower layers are created first). */
const GROUPS = [
  "domain", "persistence", "integrations", "services", "workers", "pipelines", "platform",
  "management", "interfaces", "gateway", "web", "api",
] as const;

const AREAS = [
  "orders", "invoices", "payments", "customers", "accounts", "users", "sessions", "carts",
  "catalog", "discounts", "shipping", "warehouses", "inventory", "suppliers", "reviews",
  "support", "notifications", "reporting", "metrics", "auditing", "ledger", "refunds",
  "subscriptions", "plans", "tenants", "permissions", "profiles", "uploads", "media", "search",
  "jobs", "scheduling", "webhooks", "exports", "templates", "devices", "regions", "currencies",
  "taxes", "vendors", "contracts", "quotes", "categories", "comments", "feeds", "channels",
  "workspaces", "projects", "teams", "members", "invites", "credentials", "quotas", "analytics",
  "checkout", "fulfillment", "returns", "loyalty", "marketing", "campaigns", "onboarding",
  "identity", "compliance", "fraud", "risk", "payouts", "wallets", "merchants", "receipts",
  "bookings", "documents", "alerts", "incidents", "deployments", "backups", "experiments",
  "localization", "pricing", "billing",
] as const;

const SUBAREAS = [
  "adapters", "handlers", "models", "repositories", "serializers", "views", "tasks",
  "validators", "schemas", "routers", "commands", "queries", "policies", "mappers", "backends",
  "clients", "storage", "providers", "helpers", "listeners",
] as const;

const CORE_NOUNS = [
  "setting", "clock", "identifier", "error", "feature", "secret", "tracing", "metric",
  "cache", "retry", "pagination", "timezone", "money", "config",
] as const;

const HUB_EXPORT = "publish_event";

// ---------------------------------------------------------------------------------------------
// Model

type ExportKind = "const" | "list" | "check" | "total" | "fetch" | "service" | "record" | "status";

interface Export {
  name: string;
  kind: ExportKind;
}

interface Group {
  name: string;
  mods: Mod[]; // modules of this group created so far (import candidates)
  areas: Pkg[]; // depth-2 packages (may receive depth-3 children)
}

interface Pkg {
  segs: string[];
  dotted: string;
  dir: string; // relative POSIX directory
  group: Group | null;
  modules: Mod[];
  children: Set<string>;
  childCount: number;
  reexports: { mod: Mod; exp: Export }[];
  useAll: boolean;
}

type Form = "abs_from" | "rel_from" | "rel_module" | "import_as" | "import_plain" | "pkg_from";

interface Edge {
  form: Form;
  mod: Mod | null; // null for pkg_from
  pkg: Pkg; // target package (the module's package, or the package itself for pkg_from)
  exports: Export[];
}

interface Mod {
  pkg: Pkg;
  group: Group;
  stem: string;
  dotted: string;
  rel: string;
  order: number;
  index: number; // index in pkg.modules
  exports: Export[];
  byKind: Partial<Record<ExportKind, Export>>;
  edges: Edge[];
  isHub: boolean;
  hubImporter: boolean;
}

function pascal(stem: string): string {
  return stem
    .split("_")
    .map((p) => (p.length ? p[0].toUpperCase() + p.slice(1) : p))
    .join("");
}

function human(stem: string): string {
  const s = stem.replace(/_/g, " ");
  return s[0].toUpperCase() + s.slice(1);
}

/** Typing names that may come from collections.abc instead of typing. */
const ABC_NAMES = new Set(["Iterable", "Mapping", "Sequence", "Callable", "Iterator"]);

/** A chunk of module text plus the stdlib imports it needs ("mod" or "mod:Name"). */
class Blk {
  readonly lines: string[] = [];
  readonly needs: string[] = [];
  constructor(private readonly abc: string) {}
  t(name: string): string {
    this.needs.push(ABC_NAMES.has(name) ? `${this.abc}:${name}` : `typing:${name}`);
    return name;
  }
  imp(mod: string): string {
    this.needs.push(mod);
    return mod;
  }
  from(mod: string, name: string): string {
    this.needs.push(`${mod}:${name}`);
    return name;
  }
  add(...ls: string[]): void {
    for (const l of ls) this.lines.push(l);
  }
}

function renderStdImports(needs: Iterable<string>): string[] {
  const plain = new Set<string>();
  const froms = new Map<string, Set<string>>();
  for (const n of needs) {
    const i = n.indexOf(":");
    if (i < 0) plain.add(n);
    else {
      const mod = n.slice(0, i);
      let s = froms.get(mod);
      if (!s) froms.set(mod, (s = new Set()));
      s.add(n.slice(i + 1));
    }
  }
  const entries: [string, string][] = [];
  for (const p of plain) entries.push([p, `import ${p}`]);
  for (const [mod, names] of froms) {
    entries.push([mod, `from ${mod} import ${[...names].sort().join(", ")}`]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  return entries.map((e) => e[1]);
}

function fromLine(source: string, names: string[]): string[] {
  const one = `from ${source} import ${names.join(", ")}`;
  if (one.length <= 88) return [one];
  return [`from ${source} import (`, ...names.map((n) => `    ${n},`), ")"];
}

// ---------------------------------------------------------------------------------------------
// Builder

class Builder {
  private readonly rng: Rng;
  private readonly usedStems = new Set<string>();
  private readonly allMods: Mod[] = []; // import candidates (everything except the hub)
  private readonly reexportPkgs: Pkg[] = [];
  readonly pkgs: Pkg[] = [];
  readonly mods: Mod[] = [];
  private order = 0;
  hub: Mod | null = null;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  // ---- structure -----------------------------------------------------------------------------

  build(n: number): void {
    const r = this.rng;
    this.newPkg(["app"], null);
    const coreGroup: Group = { name: "core", mods: [], areas: [] };
    const core = this.newPkg(["app", "core"], coreGroup);
    const coreCount = n < 60 ? n - 2 : r.int(9, 14);
    for (let i = 0; i < coreCount; i++) {
      if (i === 2) this.addHub(core, coreGroup);
      else this.addModule(core, coreGroup, CORE_NOUNS);
    }
    this.finishPkg(core);
    if (n < 60) return;

    const numGroups = Math.max(2, Math.min(GROUPS.length, 2 + Math.floor(n / 500)));
    const chosen = new Set<string>(["domain", "services"]);
    for (const g of r.shuffle(GROUPS.filter((g) => !chosen.has(g)))) {
      if (chosen.size >= numGroups) break;
      chosen.add(g);
    }
    const groupNames = GROUPS.filter((g) => chosen.has(g));
    const direct = groupNames.map(() => r.int(2, 4));
    let remaining = n - 2 - coreCount;
    for (const d of direct) remaining -= 1 + d;
    const sizes: number[] = [];
    while (remaining > 0) {
      let s: number;
      if (remaining <= 40) s = remaining;
      else if (remaining < 50) s = remaining - 10;
      else s = r.int(10, 40);
      sizes.push(s);
      remaining -= s;
    }
    r.shuffle(sizes);
    const perGroup: number[][] = groupNames.map(() => []);
    sizes.forEach((s, i) => perGroup[i % groupNames.length].push(s));

    groupNames.forEach((gname, gi) => {
      const group: Group = { name: gname, mods: [], areas: [] };
      const gpkg = this.newPkg(["app", gname], group);
      for (let i = 0; i < direct[gi]; i++) this.addModule(gpkg, group, NOUNS);
      this.finishPkg(gpkg);
      for (const size of perGroup[gi]) {
        let parent = gpkg;
        let names: readonly string[] = AREAS;
        const candidates = group.areas.filter((a) => a.childCount < 4);
        if (candidates.length && r.chance(0.3)) {
          parent = r.pick(candidates);
          names = SUBAREAS;
        }
        const name = this.childName(parent, names);
        const pkg = this.newPkg([...parent.segs, name], group);
        if (parent === gpkg) group.areas.push(pkg);
        else parent.childCount++;
        for (let i = 0; i < size - 1; i++) this.addModule(pkg, group, NOUNS);
        this.finishPkg(pkg);
      }
    });
  }

  private childName(parent: Pkg, names: readonly string[]): string {
    for (let i = 0; i < 12; i++) {
      const c = this.rng.pick(names);
      if (!parent.children.has(c)) {
        parent.children.add(c);
        return c;
      }
    }
    const base = this.rng.pick(names);
    let k = 2;
    while (parent.children.has(`${base}_${k}`)) k++;
    parent.children.add(`${base}_${k}`);
    return `${base}_${k}`;
  }

  private newPkg(segs: string[], group: Group | null): Pkg {
    const pkg: Pkg = {
      segs,
      dotted: segs.join("."),
      dir: segs.join("/"),
      group,
      modules: [],
      children: new Set(),
      childCount: 0,
      reexports: [],
      useAll: false,
    };
    this.pkgs.push(pkg);
    return pkg;
  }

  private makeStem(nouns: readonly string[]): string {
    const r = this.rng;
    for (let i = 0; i < 16; i++) {
      const base = `${r.pick(nouns)}_${r.pick(ROLES)}`;
      const s = r.chance(0.5) ? base : `${r.pick(QUALS)}_${base}`;
      if (!this.usedStems.has(s)) {
        this.usedStems.add(s);
        return s;
      }
    }
    const base = `${r.pick(nouns)}_${r.pick(ROLES)}`;
    let k = 2;
    while (this.usedStems.has(`${base}_${k}`)) k++;
    this.usedStems.add(`${base}_${k}`);
    return `${base}_${k}`;
  }

  private newMod(pkg: Pkg, group: Group, stem: string): Mod {
    const m: Mod = {
      pkg,
      group,
      stem,
      dotted: `${pkg.dotted}.${stem}`,
      rel: `${pkg.dir}/${stem}.py`,
      order: this.order++,
      index: pkg.modules.length,
      exports: [],
      byKind: {},
      edges: [],
      isHub: false,
      hubImporter: false,
    };
    pkg.modules.push(m);
    this.mods.push(m);
    return m;
  }

  private addHub(pkg: Pkg, group: Group): void {
    const m = this.newMod(pkg, group, "hub");
    m.isHub = true;
    m.exports = [{ name: HUB_EXPORT, kind: "list" }];
    // The hub imports a couple of earlier core modules (never one of its importers: importers
    // are chosen among modules created after it).
    for (const t of pkg.modules.slice(0, m.index)) {
      const c = t.byKind.const;
      if (c) m.edges.push({ form: "abs_from", mod: t, pkg, exports: [c] });
    }
    this.hub = m;
  }

  private addModule(pkg: Pkg, group: Group, nouns: readonly string[]): void {
    const r = this.rng;
    const stem = this.makeStem(nouns);
    const m = this.newMod(pkg, group, stem);
    const P = pascal(stem);
    const add = (name: string, kind: ExportKind) => {
      const e: Export = { name, kind };
      m.exports.push(e);
      m.byKind[kind] = e;
    };
    add(`${stem.toUpperCase()}_LIMIT`, "const");
    add(`${r.pick(VERBS_LIST)}_${stem}`, "list");
    if (r.chance(0.7)) add(`${r.pick(VERBS_CHECK)}_${stem}`, "check");
    if (r.chance(0.5)) add(`${r.pick(VERBS_TOTAL)}_${stem}`, "total");
    if (r.chance(0.35)) add(`${r.pick(VERBS_FETCH)}_${stem}`, "fetch");
    if (r.chance(0.6)) add(P, "service");
    if (r.chance(0.55)) add(`${P}Record`, "record");
    if (r.chance(0.3)) add(`${P}Status`, "status");
    this.chooseEdges(m);
    // Keep modules within ~60-150 lines: drop optional exports while the estimated size of the
    // mandatory part is too large (exports are final once later modules can import them).
    const dropOrder: ExportKind[] = ["status", "total", "record", "fetch", "check", "service"];
    for (const kind of dropOrder) {
      if (estimateRequired(m) <= 112) break;
      const e = m.byKind[kind];
      if (!e) continue;
      delete m.byKind[kind];
      m.exports = m.exports.filter((x) => x !== e);
    }
    this.allMods.push(m);
    group.mods.push(m);
  }

  private finishPkg(pkg: Pkg): void {
    const r = this.rng;
    const mods = pkg.modules.filter((m) => !m.isHub);
    if (mods.length && r.chance(0.6)) {
      for (const m of r.sample(mods, r.int(1, 3))) {
        for (const e of r.sample(m.exports, r.int(1, 2))) pkg.reexports.push({ mod: m, exp: e });
      }
    }
    pkg.useAll = pkg.reexports.length ? r.chance(0.65) : r.chance(0.25);
    if (pkg.reexports.length) this.reexportPkgs.push(pkg);
  }

  private chooseEdges(m: Mod): void {
    const r = this.rng;
    const want = r.int(2, 7);
    const seen = new Set<Mod | Pkg>();
    const bound = new Set<string>();
    for (let tries = 0; m.edges.length < want && tries < want * 5; tries++) {
      const x = r.next();
      let target: Mod | null = null;
      if (x < 0.3) {
        if (m.index > 0) target = m.pkg.modules[r.int(0, m.index - 1)];
      } else if (x < 0.55) {
        if (m.group.mods.length) target = r.pick(m.group.mods);
      } else if (x < 0.65) {
        if (this.reexportPkgs.length) {
          const pkg = r.pick(this.reexportPkgs);
          if (seen.has(pkg)) continue;
          const names = r
            .sample(pkg.reexports, r.int(1, 2))
            .map((re) => re.exp)
            .filter((e) => !bound.has(e.name));
          if (!names.length) continue;
          seen.add(pkg);
          for (const e of names) bound.add(e.name);
          m.edges.push({ form: "pkg_from", mod: null, pkg, exports: names });
        }
        continue;
      } else if (this.allMods.length) {
        target = r.pick(this.allMods);
      }
      if (!target || target.isHub || target === m || seen.has(target)) continue;
      const form = this.chooseForm(m.pkg, target.pkg);
      let exports = r.sample(target.exports, r.weighted(EXPORTS_PER_EDGE));
      if (form === "abs_from" || form === "rel_from") {
        exports = exports.filter((e) => !bound.has(e.name));
        if (!exports.length) continue;
        for (const e of exports) bound.add(e.name);
      }
      seen.add(target);
      m.edges.push({ form, mod: target, pkg: target.pkg, exports });
    }
  }

  private chooseForm(from: Pkg, to: Pkg): Form {
    const { up } = relation(from, to);
    const opts: [Form, number][] = [
      ["abs_from", 4],
      ["import_as", 1.5],
      ["import_plain", 1],
    ];
    if (from === to) opts.push(["rel_from", 3], ["rel_module", 2]);
    else if (up === 1) opts.push(["rel_from", 1.5], ["rel_module", 1]);
    else if (up === 2) opts.push(["rel_from", 0.5]);
    return this.rng.weighted(opts);
  }

  pickHubImporters(n: number): Mod[] {
    const hub = this.hub;
    if (!hub) return [];
    const want = n >= 1000 ? 500 : Math.min(500, Math.floor(n / 2));
    const candidates = this.allMods.filter((m) => m.order > hub.order);
    if (candidates.length < want) {
      throw new RangeError(`cannot place ${want} hub importers among ${candidates.length} modules`);
    }
    const chosen = this.rng.sample(candidates, want);
    for (const m of chosen) m.hubImporter = true;
    return chosen.sort((a, b) => a.order - b.order);
  }

  // ---- rendering -----------------------------------------------------------------------------

  renderInit(pkg: Pkg): string {
    const r = this.rng;
    const out: string[] = [];
    if (pkg.segs.length === 1) {
      out.push(
        `"""Synthetic backend application package."""`,
        "",
        `__version__ = "0.1.0"`,
        "",
        `__all__ = ["__version__"]`,
      );
      return out.join("\n") + "\n";
    }
    const title = pkg.segs.slice(1).join(" ");
    const summary = `${title[0].toUpperCase()}${title.slice(1)} package.`;
    if (r.chance(0.5)) {
      out.push(`"""${summary}`, "", r.pick([
        "Public entry points are re-exported here for convenience.",
        "Modules in this package are imported lazily by their consumers.",
        "Keep this package free of framework-specific code.",
        "Collaborators should depend on the names exported below.",
      ]), `"""`);
    } else {
      out.push(`"""${summary}"""`);
    }
    const byMod = new Map<Mod, string[]>();
    for (const re of pkg.reexports) {
      let l = byMod.get(re.mod);
      if (!l) byMod.set(re.mod, (l = []));
      if (!l.includes(re.exp.name)) l.push(re.exp.name);
    }
    const names: string[] = [];
    if (byMod.size) {
      out.push("");
      for (const [m, ns] of byMod) {
        ns.sort();
        out.push(...fromLine(`.${m.stem}`, ns));
        names.push(...ns);
      }
    }
    if (pkg.useAll) {
      out.push("");
      if (names.length) out.push("__all__ = [", ...names.sort().map((n) => `    "${n}",`), "]");
      else out.push("__all__: list[str] = []");
    }
    return out.join("\n") + "\n";
  }

  renderHub(m: Mod): string {
    const consts = m.edges.map((e) => e.exports[0].name);
    const lines: string[] = [
      `"""Central event hub.`,
      "",
      `Feature modules publish domain events through :func:\`${HUB_EXPORT}\`; interested`,
      "components subscribe handlers per topic (or per namespace with a trailing ``.*``).",
      `"""`,
      "",
      "import logging",
      "import threading",
      "from collections import defaultdict",
      "from dataclasses import dataclass, field",
      "from datetime import datetime, timezone",
      "from typing import Any, Callable",
      "",
    ];
    for (const e of m.edges) {
      if (e.mod) lines.push(`from ${e.mod.dotted} import ${e.exports[0].name}`);
    }
    const extra = consts.length ? ` + ${consts.join(" + ")}` : "";
    lines.push(
      "",
      "logger = logging.getLogger(__name__)",
      "",
      "Handler = Callable[[str, dict[str, Any]], None]",
      "",
      "_LOCK = threading.RLock()",
      "_SUBSCRIBERS: defaultdict[str, list[Handler]] = defaultdict(list)",
      `_HISTORY: list["HubEvent"] = []`,
      `_MAX_HISTORY = 1000${extra}`,
      "",
      "",
      "@dataclass(frozen=True)",
      "class HubEvent:",
      "    topic: str",
      "    payload: dict[str, Any]",
      "    sequence: int",
      "    emitted_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))",
      "",
      "    @property",
      "    def namespace(self) -> str:",
      `        return self.topic.split(".", 1)[0]`,
      "",
      "",
      "def subscribe(topic: str, handler: Handler) -> None:",
      `    """Register *handler* for *topic*."""`,
      "    with _LOCK:",
      "        _SUBSCRIBERS[topic].append(handler)",
      "",
      "",
      "def unsubscribe(topic: str, handler: Handler) -> bool:",
      "    with _LOCK:",
      "        handlers = _SUBSCRIBERS.get(topic, [])",
      "        if handler in handlers:",
      "            handlers.remove(handler)",
      "            return True",
      "    return False",
      "",
      "",
      `def ${HUB_EXPORT}(topic: str, payload: dict[str, Any] | None = None) -> int:`,
      `    """Record an event and fan it out; returns the number of handlers notified."""`,
      "    data = dict(payload or {})",
      "    with _LOCK:",
      "        event = HubEvent(topic=topic, payload=data, sequence=len(_HISTORY) + 1)",
      "        _HISTORY.append(event)",
      "        if (overflow := len(_HISTORY) - _MAX_HISTORY) > 0:",
      "            del _HISTORY[:overflow]",
      `        handlers = [*_SUBSCRIBERS.get(topic, []), *_SUBSCRIBERS.get(f"{event.namespace}.*", [])]`,
      "    delivered = 0",
      "    for handler in handlers:",
      "        try:",
      "            handler(topic, data)",
      "            delivered += 1",
      "        except Exception:",
      `            logger.exception("handler %r failed for %s", handler, topic)`,
      "    return delivered",
      "",
      "",
      "def recent_events(namespace: str | None = None, limit: int = 20) -> list[HubEvent]:",
      "    with _LOCK:",
      "        events = [event for event in _HISTORY if namespace is None or event.namespace == namespace]",
      "    return events[-limit:]",
      "",
      "",
      "def reset_hub() -> None:",
      "    global _HISTORY",
      "    with _LOCK:",
      "        _HISTORY = []",
      "        _SUBSCRIBERS.clear()",
      "",
      "",
      "class EventHub:",
      `    """Object facade over the module-level hub, handy for dependency injection."""`,
      "",
      `    def __init__(self, prefix: str = "") -> None:`,
      "        self._prefix = prefix",
      "",
      "    @property",
      "    def prefix(self) -> str:",
      "        return self._prefix",
      "",
      "    @classmethod",
      `    def for_namespace(cls, namespace: str) -> "EventHub":`,
      `        return cls(prefix=f"{namespace}.")`,
      "",
      "    def emit(self, name: str, **fields: Any) -> int:",
      `        return ${HUB_EXPORT}(f"{self._prefix}{name}", fields)`,
      "",
      "    def history(self, limit: int = 20) -> list[HubEvent]:",
      `        return [event for event in recent_events(limit=limit) if event.topic.startswith(self._prefix)]`,
      "",
      "",
      "def topic_counts() -> dict[str, int]:",
      "    counts: dict[str, int] = {}",
      "    for event in recent_events(limit=_MAX_HISTORY):",
      "        counts[event.topic] = counts.get(event.topic, 0) + 1",
      "    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))",
    );
    return lines.join("\n") + "\n";
  }

  renderModule(m: Mod): string {
    const r = this.rng;
    const abc = r.chance(0.5) ? "collections.abc" : "typing";
    const stem = m.stem;
    const limit = m.byKind.const ? m.byKind.const.name : `${stem.toUpperCase()}_LIMIT`;
    const k = m.byKind;
    const listFn = k.list ? k.list.name : `build_${stem}`;
    const future = r.chance(0.3);
    const traced = r.chance(0.35);
    const timed = r.chance(0.3);
    const B = () => new Blk(abc);

    // -- header
    const head: string[] = [`"""${human(stem)} module for the ${m.pkg.segs.slice(1).join(".")} package.`];
    head.push(
      "",
      r.pick([
        `Provides the ${stem.replace(/_/g, " ")} building blocks used across the application.`,
        `Implements ${stem.replace(/_/g, " ")} behaviour: validation, aggregation and wiring.`,
        `Contains the ${stem.replace(/_/g, " ")} service objects and helper functions.`,
        `Houses the ${stem.replace(/_/g, " ")} logic; keep side effects at the edges.`,
      ]),
      `"""`,
    );

    // -- project imports
    const projImports: string[] = [];
    const relImports: string[] = [];
    const usages: { key: string; expr: string }[] = [];
    const awaits: string[] = [];
    let baseClass: string | null = null;
    for (const e of m.edges) {
      let q = "";
      const names = e.exports.map((x) => x.name).sort();
      switch (e.form) {
        case "abs_from":
          projImports.push(fromLine((e.mod as Mod).dotted, names).join("\n"));
          break;
        case "pkg_from":
          projImports.push(fromLine(e.pkg.dotted, names).join("\n"));
          break;
        case "rel_from": {
          const t = e.mod as Mod;
          const { up, rest } = relation(m.pkg, t.pkg);
          relImports.push(fromLine(".".repeat(up + 1) + [...rest, t.stem].join("."), names).join("\n"));
          break;
        }
        case "rel_module": {
          const t = e.mod as Mod;
          const { up, rest } = relation(m.pkg, t.pkg);
          relImports.push(`from ${".".repeat(up + 1)}${rest.join(".")} import ${t.stem}`);
          q = `${t.stem}.`;
          break;
        }
        case "import_as": {
          const t = e.mod as Mod;
          projImports.push(`import ${t.dotted} as ${t.stem}_mod`);
          q = `${t.stem}_mod.`;
          break;
        }
        case "import_plain": {
          const t = e.mod as Mod;
          projImports.push(`import ${t.dotted}`);
          q = `${t.dotted}.`;
          break;
        }
      }
      for (const x of e.exports) {
        if (x.kind === "fetch") awaits.push(`${q}${x.name}`);
        else usages.push({ key: x.name, expr: this.usage(x, q) });
        if (x.kind === "service" && q === "" && !baseClass && k.service && r.chance(0.4)) baseClass = x.name;
      }
    }
    if (m.hubImporter) projImports.push(`from app.core.hub import ${HUB_EXPORT}`);
    projImports.sort((a, b) => {
      const ka = sortKey(a);
      const kb = sortKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });

    // -- required blocks
    const consts = B();
    consts.add(`logger = ${consts.imp("logging")}.getLogger(__name__)`, "");
    consts.add(`${limit}: int = int(${consts.imp("os")}.environ.get("${limit}", "${r.int(8, 500)}"))`);
    consts.add("_REGISTRY: dict[str, int] = {}", "_call_count = 0");

    const allBlk = B();
    const publicNames = m.exports.map((e) => e.name);

    const tracedBlk = B();
    if (traced) {
      const T = "_T";
      tracedBlk.add(
        `${T} = ${tracedBlk.t("TypeVar")}("${T}")`,
        "",
        "",
        `def _traced(func: ${tracedBlk.t("Callable")}[..., ${T}]) -> Callable[..., ${T}]:`,
        `    """Log every call of the decorated function."""`,
        "",
        `    @${tracedBlk.imp("functools")}.wraps(func)`,
        `    def wrapper(*args: ${tracedBlk.t("Any")}, **kwargs: Any) -> ${T}:`,
        `        logger.debug("calling %r with %d args", func, len(args) + len(kwargs))`,
        "        return func(*args, **kwargs)",
        "",
        "    return wrapper",
      );
    }
    const timedBlk = B();
    if (timed) {
      timedBlk.add(
        `@${timedBlk.from("contextlib", "contextmanager")}`,
        `def _timed(label: str) -> ${timedBlk.t("Iterator")}[None]:`,
        `    started = ${timedBlk.imp("time")}.perf_counter()`,
        "    try:",
        "        yield",
        "    finally:",
        `        logger.debug("%s took %.4fs", label, time.perf_counter() - started)`,
      );
    }

    const statusBlk = B();
    let classifyName: string | null = null;
    if (k.status) {
      const S = k.status.name;
      classifyName = `${r.pick(VERBS_CLASSIFY)}_${stem}`;
      publicNames.push(classifyName);
      statusBlk.add(
        `class ${S}(${statusBlk.from("enum", "Enum")}):`,
        `    ACTIVE = "active"`,
        `    PENDING = "pending"`,
        `    ARCHIVED = "archived"`,
        "",
        "",
        `def ${classifyName}(status: ${S}) -> str:`,
        "    match status:",
        `        case ${S}.ACTIVE:`,
        `            return "live"`,
        `        case ${S}.PENDING:`,
        `            return "waiting"`,
        "        case _:",
        `            return "inactive"`,
      );
    }

    const recordBlk = B();
    if (k.record) {
      const R = k.record.name;
      const deco = r.pick(["@dataclass", "@dataclass", "@dataclass(frozen=True)", "@dataclass(slots=True)"]);
      recordBlk.from("dataclasses", "dataclass");
      recordBlk.add(
        deco,
        `class ${R}:`,
        `    """Plain data carrier for ${stem.replace(/_/g, " ")} rows."""`,
        "",
        "    id: int",
        "    label: str",
        `    tags: list[str] = ${recordBlk.from("dataclasses", "field")}(default_factory=list)`,
        `    created_at: ${recordBlk.from("datetime", "datetime")} = field(default_factory=lambda: datetime.now(${recordBlk.from("datetime", "timezone")}.utc))`,
        "",
        "    @property",
        "    def slug(self) -> str:",
        `        return f"{self.label.lower().replace(' ', '-')}-{self.id}"`,
        "",
        `    def to_dict(self) -> dict[str, ${recordBlk.t("Any")}]:`,
        "        return {",
        `            "id": self.id,`,
        `            "label": self.label,`,
        `            "tags": list(self.tags),`,
        `            "created_at": self.created_at.isoformat(),`,
        "        }",
      );
    }

    const serviceBlk = B();
    if (k.service) {
      const C = k.service.name;
      const sb = serviceBlk;
      sb.add(`class ${C}${baseClass ? `(${baseClass})` : ""}:`);
      sb.add(`    """Coordinates ${stem.replace(/_/g, " ")} operations."""`, "");
      sb.add(`    def __init__(self, name: str, limit: int = ${limit}) -> None:`);
      if (baseClass) {
        sb.add("        super().__init__(name, limit)", "        self._history: list[str] = []");
      } else {
        sb.add(
          "        self._name = name",
          "        self._limit = limit",
          `        self._seen: ${sb.from("collections", "Counter")}[str] = Counter()`,
          `        self._created = ${sb.from("datetime", "datetime")}.now(${sb.from("datetime", "timezone")}.utc)`,
        );
      }
      sb.add(
        "",
        "    @property",
        "    def name(self) -> str:",
        "        return self._name",
        "",
      );
      if (!baseClass) {
        sb.add(
          "    @property",
          `    def age(self) -> ${sb.from("datetime", "timedelta")}:`,
          "        return datetime.now(timezone.utc) - self._created",
          "",
        );
      }
      sb.add(
        "    @classmethod",
        `    def from_settings(cls, settings: ${sb.t("Mapping")}[str, ${sb.t("Any")}]) -> "${C}":`,
        `        return cls(str(settings.get("name", "default")), int(settings.get("limit", ${limit})))`,
        "",
        "    @staticmethod",
        "    def describe() -> str:",
        `        return "${stem.replace(/_/g, " ")}"`,
        "",
        `    def process(self, items: ${sb.t("Sequence")}[str]) -> dict[str, int]:`,
        "        for item in items:",
        "            self._seen[item] += 1",
      );
      if (baseClass) sb.add("        self._history.extend(items)");
      sb.add(
        "        return {key: count for key, count in self._seen.most_common() if count <= self._limit}",
        "",
        "    def __repr__(self) -> str:",
        `        return f"{type(self).__name__}(name={self._name!r}, limit={self._limit})"`,
      );
    }

    const fnBlk = B();
    {
      const f = fnBlk;
      f.add(
        `def ${listFn}(value: str, count: int = 1) -> list[str]:`,
        "    global _call_count",
        "    _call_count += 1",
        `    parts = [f"{value}:{index}" for index in range(max(count, 0))]`,
        "    _REGISTRY[value] = len(parts)",
        "    return sorted(parts, key=lambda part: (len(part), part))",
      );
      if (k.check) {
        f.add(
          "",
          "",
          `def ${k.check.name}(payload: ${f.t("Mapping")}[str, ${f.t("Any")}]) -> bool:`,
          `    """Return True when *payload* is acceptable."""`,
          `    if (size := len(payload)) > ${limit}:`,
          `        logger.warning("payload too large: %d keys", size)`,
          "        return False",
          `    return all(not key.startswith("_") for key in payload)`,
        );
      }
      if (k.total) {
        f.add(
          "",
          "",
          `def ${k.total.name}(values: ${f.t("Iterable")}[float]) -> float:`,
          "    cleaned = [value for value in values if value >= 0]",
          "    return round(sum(cleaned) / len(cleaned), 3) if cleaned else 0.0",
        );
      }
      if (k.fetch) {
        f.add(
          "",
          "",
          `async def ${k.fetch.name}(key: str, *, retries: int = 2) -> dict[str, ${f.t("Any")}]:`,
          "    for attempt in range(retries):",
          "        if (hit := _REGISTRY.get(key)) is not None:",
          `            return {"key": key, "value": hit, "attempt": attempt}`,
          `        await ${f.imp("asyncio")}.sleep(0)`,
          `    return {"key": key, "value": None, "attempt": retries}`,
        );
      }
    }

    const fnPlain = fnBlk;
    const fnTraced = B();
    fnTraced.add("@_traced", ...fnBlk.lines);
    fnTraced.needs.push(...fnBlk.needs);

    // -- optional blocks
    type Opt = { name: string; blk: Blk; pos: number };
    const opts: Opt[] = [];
    {
      const b = B();
      b.add(
        "_DEFAULTS: dict[str, int] = {",
        `    label: index * ${r.int(2, 50)} for index, label in enumerate(("low", "medium", "high"), start=1)`,
        "}",
      );
      opts.push({ name: "defaults", blk: b, pos: 0 });
    }
    {
      const b = B();
      b.add(
        "class _LocalCache:",
        `    """Tiny LRU cache used to memoise lookups."""`,
        "",
        "    def __init__(self, capacity: int = 128) -> None:",
        `        self._items: ${b.from("collections", "OrderedDict")}[str, ${b.t("Any")}] = OrderedDict()`,
        "        self._capacity = capacity",
        "",
        `    def get(self, key: str) -> ${b.t("Optional")}[Any]:`,
        "        if key in self._items:",
        "            self._items.move_to_end(key)",
        "        return self._items.get(key)",
        "",
        "    def put(self, key: str, value: Any) -> None:",
        "        self._items[key] = value",
        "        while len(self._items) > self._capacity:",
        "            self._items.popitem(last=False)",
        "",
        "    def __len__(self) -> int:",
        "        return len(self._items)",
        "",
        "    def __contains__(self, key: object) -> bool:",
        "        return key in self._items",
        "",
        "",
        "_CACHE = _LocalCache()",
      );
      opts.push({ name: "cache", blk: b, pos: 1 });
    }
    {
      const b = B();
      b.add(
        `def _load_overrides(path: str) -> dict[str, ${b.t("Any")}]:`,
        "    try:",
        `        with open(path, encoding="utf-8") as handle:`,
        `            data = ${b.imp("json")}.load(handle)`,
        "    except (OSError, ValueError) as exc:",
        `        logger.debug("no overrides at %s: %s", path, exc)`,
        "        return {}",
        "    if not isinstance(data, dict):",
        "        return {}",
        "    return {str(key): value for key, value in data.items()}",
      );
      opts.push({ name: "overrides", blk: b, pos: 2 });
    }
    {
      const b = B();
      b.add(
        `def _group_by_prefix(values: ${b.t("Iterable")}[str]) -> dict[str, list[str]]:`,
        `    grouped: ${b.from("collections", "defaultdict")}[str, list[str]] = defaultdict(list)`,
        "    for value in values:",
        `        grouped[value.split(":", 1)[0]].append(value)`,
        "    return {key: sorted(items, key=lambda item: item.lower()) for key, items in grouped.items()}",
      );
      opts.push({ name: "group", blk: b, pos: 2 });
    }
    {
      const b = B();
      b.add(
        `def health_${stem}() -> dict[str, ${b.t("Any")}]:`,
        `    """Report internal counters for diagnostics."""`,
        "    snapshot = dict(sorted(_REGISTRY.items(), key=lambda pair: pair[1], reverse=True))",
        "    return {",
        `        "calls": _call_count,`,
        `        "registry": snapshot,`,
        `        "limit": ${limit},`,
        `        "checked_at": ${b.from("datetime", "datetime")}.now(${b.from("datetime", "timezone")}.utc).isoformat(),`,
        "    }",
      );
      opts.push({ name: "health", blk: b, pos: 2 });
    }
    {
      const b = B();
      b.add(
        `if __name__ == "__main__":`,
        `    ${b.imp("logging")}.basicConfig(level=logging.INFO)`,
        `    print(${b.imp("json")}.dumps(${listFn}("demo", 3), indent=2))`,
      );
      opts.push({ name: "main", blk: b, pos: 4 });
    }

    let useTraced = traced;
    let useTimed = timed;

    // -- coordinate function (random decisions first, so it can be rebuilt deterministically)
    const coordName = `${r.pick(VERBS_COORD)}_${stem}`;
    publicNames.push(coordName);
    const coordTraced = traced && r.chance(0.5);
    const tryAt = usages.length && r.chance(0.4) ? r.int(0, usages.length - 1) : -1;
    const hubTopic = `${m.pkg.segs[m.pkg.segs.length - 1]}.${stem}`;
    const hubStyle = r.chance(0.5);
    const buildCoord = (chosen: Set<string>, withTimed: boolean): Blk => {
      const c = B();
      if (coordTraced && useTraced) c.add("@_traced");
      c.add(
        `def ${coordName}(name: str, *, strict: bool = False) -> dict[str, ${c.t("Any")}]:`,
        `    """Combine the collaborators of ${stem.replace(/_/g, " ")} for *name*."""`,
        `    result: dict[str, Any] = {"name": name, "limit": ${limit}}`,
      );
      const body: string[] = [];
      body.push(`result["items"] = ${listFn}(name, 2)`);
      if (k.service) body.push(`result["processed"] = ${k.service.name}.from_settings({"name": name}).process([name])`);
      if (k.status && classifyName) body.push(`result["state"] = ${classifyName}(${k.status.name}.ACTIVE)`);
      if (chosen.has("group")) body.push(`result["groups"] = _group_by_prefix(result["items"])`);
      usages.forEach((u, i) => {
        if (i === tryAt) {
          body.push(
            "try:",
            `    result["${u.key}"] = ${u.expr}`,
            "except (LookupError, ValueError) as exc:",
            `    logger.warning("${u.key} unavailable for %s: %s", name, exc)`,
          );
        } else {
          body.push(`result["${u.key}"] = ${u.expr}`);
        }
      });
      const ind = withTimed ? "        " : "    ";
      if (withTimed) c.add(`    with _timed("${coordName}"):`);
      for (const l of body) c.add(ind + l);
      if (chosen.has("overrides")) {
        c.add(`    result.update(_load_overrides(${c.imp("os")}.path.join(os.getcwd(), "${stem}.json")))`);
      }
      if (chosen.has("cache")) c.add("    _CACHE.put(name, len(result))");
      if (k.check) c.add(`    if strict and not ${k.check.name}(result):`);
      else c.add("    if strict and len(result) < 2:");
      c.add(`        raise ValueError(f"incomplete ${stem.replace(/_/g, " ")} for {name!r}")`);
      if (m.hubImporter) {
        if (hubStyle) {
          c.add(
            `    delivered = ${HUB_EXPORT}("${hubTopic}", {"name": name, "keys": sorted(result)})`,
            `    logger.debug("event for %s reached %d subscribers", name, delivered)`,
          );
        } else {
          c.add(
            `    if ${HUB_EXPORT}("${hubTopic}", {"name": name, "size": len(result)}) == 0:`,
            `        logger.info("nobody listens to ${hubTopic}")`,
          );
        }
      }
      c.add("    return result");
      return c;
    };

    const gather = B();
    const ownFetch = k.fetch ? [k.fetch.name] : [];
    const allAwaits = [...ownFetch, ...awaits];
    if (allAwaits.length) {
      const g = gather;
      const gname = `${r.pick(VERBS_GATHER)}_${stem}`;
      publicNames.push(gname);
      g.add(
        `async def ${gname}(keys: ${g.t("Sequence")}[str]) -> list[dict[str, ${g.t("Any")}]]:`,
        `    collected: list[dict[str, Any]] = []`,
        "    for key in keys:",
      );
      for (const a of allAwaits) g.add(`        collected.append(await ${a}(key))`);
      g.add(`    return [entry for entry in collected if entry.get("value") is not None] or collected`);
    }

    if (r.chance(0.3)) {
      allBlk.add("__all__ = [", ...publicNames.slice().sort().map((n) => `    "${n}",`), "]");
    }

    // -- assemble (exact line counting drives the choice of optional blocks)
    const assemble = (chosen: Set<string>): string[] => {
      const ordered: Blk[] = [consts];
      const optAt = (pos: number) => {
        for (const o of opts) if (o.pos === pos && chosen.has(o.name)) ordered.push(o.blk);
      };
      optAt(0);
      ordered.push(allBlk);
      if (useTraced) ordered.push(tracedBlk);
      if (useTimed) ordered.push(timedBlk);
      ordered.push(statusBlk, recordBlk, serviceBlk);
      optAt(1);
      ordered.push(useTraced ? fnTraced : fnPlain);
      optAt(2);
      ordered.push(buildCoord(chosen, useTimed), gather);
      optAt(4);
      const needs = new Set<string>();
      for (const b of ordered) for (const n of b.needs) needs.add(n);

      const out: string[] = [...head, ""];
      if (future) out.push("from __future__ import annotations", "");
      out.push(...renderStdImports(needs));
      if (projImports.length || relImports.length) {
        out.push("");
        for (const s of projImports) out.push(...s.split("\n"));
        for (const s of relImports) out.push(...s.split("\n"));
      }
      let first = true;
      for (const b of ordered) {
        if (!b.lines.length) continue;
        // two blank lines around definitions, one between module-level assignment groups
        const isDef = /^(@|def |async def |class |if __name__)/.test(b.lines[0]);
        out.push(...(first || isDef ? ["", ""] : [""]));
        first = false;
        out.push(...b.lines);
      }
      return out;
    };

    const MAX = 150;
    const chosen = new Set<string>();
    let lines = assemble(chosen);
    if (lines.length > MAX && useTimed) {
      useTimed = false;
      lines = assemble(chosen);
    }
    if (lines.length > MAX && useTraced) {
      useTraced = false;
      lines = assemble(chosen);
    }
    const target = r.int(75, 130);
    for (const o of r.shuffle(opts.slice())) {
      if (lines.length >= target && lines.length >= 60) break;
      chosen.add(o.name);
      const next = assemble(chosen);
      if (next.length > MAX) chosen.delete(o.name);
      else lines = next;
    }
    return lines.join("\n") + "\n";
  }

  private usage(x: Export, q: string): string {
    const r = this.rng;
    const n = q + x.name;
    switch (x.kind) {
      case "const":
        return r.pick([`${n} + 1`, `max(${n}, len(name))`, `${n} * 2`]);
      case "list":
        return r.pick([`${n}(name, 2)`, `len(${n}(name))`, `[part.upper() for part in ${n}(name, 3)]`]);
      case "check":
        return r.pick([`${n}({"name": name})`, `${n}({key: len(key) for key in name.split("-")})`]);
      case "total":
        return r.pick([`${n}([1.0, float(len(name))])`, `${n}(float(ord(char)) for char in name)`]);
      case "service":
        return r.pick([
          `${n}(name).process([name, name.upper()])`,
          `${n}.from_settings({"name": name}).name`,
          `${n}.describe()`,
          `repr(${n}(name, limit=5))`,
        ]);
      case "record":
        return r.pick([
          `${n}(id=len(name), label=name).to_dict()`,
          `${n}(id=1, label=name, tags=["generated"]).slug`,
        ]);
      case "status":
        return r.pick([`${n}.ACTIVE.value`, `[member.value for member in ${n}]`, `${n}("pending").name`]);
      case "fetch":
        return `${n}(name)`;
    }
  }
}

const EXPORTS_PER_EDGE: ReadonlyArray<readonly [number, number]> = [
  [1, 5],
  [2, 4],
  [3, 1],
];

/** Approximate line cost of each export kind (definition plus surrounding blank lines). */
const EXPORT_COST: Record<ExportKind, number> = {
  const: 1,
  list: 8,
  check: 10,
  total: 6,
  fetch: 12,
  service: 37,
  record: 22,
  status: 19,
};

/** Rough size of the parts of a module that cannot be left out (see renderModule). */
function estimateRequired(m: Mod): number {
  let n = 32; // docstring, stdlib imports, constants, coordinate skeleton
  for (const e of m.exports) n += EXPORT_COST[e.kind];
  let awaits = m.byKind.fetch ? 1 : 0;
  for (const e of m.edges) {
    n += e.exports.length > 1 ? 2 : 1;
    for (const x of e.exports) {
      if (x.kind === "fetch") awaits++;
      else n++;
    }
  }
  if (awaits) n += 6 + awaits;
  return n;
}

/** Sort key for project imports: isort-like, by module path regardless of import style. */
function sortKey(line: string): string {
  const m = /^(?:from|import) (\S+)/.exec(line);
  return m ? m[1] : line;
}

function relation(from: Pkg, to: Pkg): { up: number; rest: string[] } {
  let c = 0;
  while (c < from.segs.length && c < to.segs.length && from.segs[c] === to.segs[c]) c++;
  return { up: from.segs.length - c, rest: to.segs.slice(c) };
}

// ---------------------------------------------------------------------------------------------
// Entry point

export function generateProject(root: string, moduleCount: number, seed = 1): GeneratedProject {
  if (!Number.isInteger(moduleCount) || moduleCount < 10) {
    throw new RangeError(`moduleCount must be an integer >= 10 (got ${moduleCount})`);
  }
  const abs = path.resolve(root);
  if (abs === path.parse(abs).root) throw new Error(`refusing to generate into ${abs}`);

  const b = new Builder(seed);
  b.build(moduleCount);
  const hub = b.hub;
  if (!hub) throw new Error("internal error: hub module was not created");
  const importers = b.pickHubImporters(moduleCount);

  fs.rmSync(abs, { recursive: true, force: true });
  fs.mkdirSync(abs, { recursive: true });
  for (const pkg of b.pkgs) fs.mkdirSync(path.join(abs, pkg.dir), { recursive: true });

  const files: string[] = [];
  let totalBytes = 0;
  const write = (rel: string, text: string) => {
    fs.writeFileSync(path.join(abs, rel), text);
    files.push(rel);
    totalBytes += Buffer.byteLength(text);
  };
  for (const pkg of b.pkgs) {
    write(`${pkg.dir}/__init__.py`, b.renderInit(pkg));
    for (const m of pkg.modules) write(m.rel, m.isHub ? b.renderHub(m) : b.renderModule(m));
  }
  fs.writeFileSync(
    path.join(abs, "pyproject.toml"),
    [
      "[project]",
      `name = "synthetic"`,
      `version = "0.1.0"`,
      `description = "Synthetic backend project generated for benchmarking"`,
      `requires-python = ">=3.10"`,
      "",
    ].join("\n"),
  );
  if (files.length !== moduleCount) {
    throw new Error(`internal error: wrote ${files.length} modules, expected ${moduleCount}`);
  }
  return {
    root: abs,
    moduleCount: files.length,
    files,
    totalBytes,
    hubFile: hub.rel,
    hubExportName: HUB_EXPORT,
    hubImporters: importers.map((m) => m.rel),
  };
}
