// Import boundaries of Linli's layers, checked by `npm run lint` (depcruise).
// Layers, innermost first: src/domain (pure rules) ← src/texts, src/channels (the port) ← src/data (repositories,
// the only code that touches db/) ← src/messaging ← src/requests ← src/rhythm ← src/chat (use cases) ← routes, http,
// jobs and the composition root (src/app.ts, src/compose.ts, src/server.ts, src/cli.ts). bots/<name>/ are channel
// adapters that see only the port, the domain, the texts and the logger.
// A feature's folder (src/care, src/ratings) holds files of several layers, each named by its role:
// *.commands.ts and *.errors.ts (its chat commands and error codes: pure, as src/domain), *.texts.ts (its
// sentences: as src/texts), *.repository.ts (as src/data), *.usecase.ts / *.chat.ts / *.sweep.ts (use cases),
// *.routes.ts (an HTTP edge, as src/routes and src/desk) and *.feature.ts (the one object src/features.ts lists).
// The rules below read a file's layer from its suffix as well as from its folder, and
// test/lint/folder-cycles.mjs counts a folder's pure, edge and other files apart.
// Each rule's name is printed with every violation; `comment` says what to do instead.

/** Node builtins (`node:fs`, ...) match no allowed path, so a rule with a `pathNot` list forbids them unless it adds this. */
const notCore = ['core'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain holds pure rules: it may import only src/domain/** and zod. No node builtins, no drizzle, ' +
        'no other src/ module. Pass what it needs in as arguments.',
      from: { path: ['^src/domain/', '^src/[^/]+/[^/]+\\.(commands|errors)\\.ts$'] },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'texts-only-use-domain',
      severity: 'error',
      comment:
        "src/texts (every sentence people read) and a feature's *.texts.ts may import only src/domain/**, src/texts/** " +
        "and a feature's *.commands.ts or *.texts.ts.",
      from: { path: ['^src/texts/', '^src/[^/]+/[^/]+\\.texts\\.ts$'] },
      to: { pathNot: ['^src/domain/', '^src/texts/', '^src/[^/]+/[^/]+\\.(commands|texts)\\.ts$'] },
    },
    {
      name: 'channel-port-only-uses-domain',
      severity: 'error',
      comment:
        'src/channels is the channel port (types and tiny pure helpers): it may import only src/domain/** and ' +
        'src/channels/** — no fastify, no npm package, no node builtin.',
      from: { path: '^src/channels/' },
      to: { pathNot: ['^src/domain/', '^src/channels/'] },
    },
    {
      name: 'only-repositories-touch-db',
      severity: 'error',
      comment:
        'db/ (drizzle schema, client, migrations, demo roster) is imported only by the repositories in src/data/**, ' +
        "by db/ itself, by drizzle.config.ts and by the repositories' own tests in test/data/**. " +
        'Call a repository in src/data instead.',
      from: { pathNot: ['^src/data/', '^db/', '^drizzle\\.config\\.ts$', '^test/data/'] },
      to: { path: '^db/' },
    },
    {
      name: 'repositories-dont-import-use-cases',
      severity: 'error',
      comment:
        "src/data and a feature's *.repository.ts may import db/**, src/domain/**, src/channels/**, src/data/**, " +
        'src/log.ts, npm packages and node builtins — never a use case, a route, a job or the composition root.',
      from: { path: ['^src/data/', '^src/[^/]+/[^/]+\\.repository\\.ts$'] },
      to: {
        pathNot: ['^db/', '^src/domain/', '^src/channels/', '^src/data/', '^src/log\\.ts$', '^node_modules/'],
        dependencyTypesNot: notCore,
      },
    },
    {
      name: 'bots-dont-import-other-bots',
      severity: 'error',
      comment:
        "A channel adapter bots/<name>/ never imports another adapter bots/<other>/. bots/wechat-common/ (WeChat's " +
        'message crypto and XML, shared by the Official Account and WeCom) is a library, not an adapter.',
      from: { path: '^bots/([^/]+)/' },
      to: { path: '^bots/', pathNot: ['^bots/$1/', '^bots/wechat-common/'] },
    },
    {
      name: 'bots-only-use-the-channel-port',
      severity: 'error',
      comment:
        'A channel adapter bots/<name>/ may import only its own folder, src/channels/**, src/domain/**, src/texts/**, ' +
        'src/log.ts, npm packages and node builtins. It gets everything else through the channel port.',
      from: { path: '^bots/[^/]+/' },
      to: {
        // db/ and the other bots have rules of their own above; they are left out here so a violation is named once.
        pathNot: [
          '^bots/',
          '^db/',
          '^src/channels/',
          '^src/domain/',
          '^src/texts/',
          '^src/log\\.ts$',
          '^node_modules/',
        ],
        dependencyTypesNot: notCore,
      },
    },
    {
      name: 'messaging-below-requests-rhythm-chat',
      severity: 'error',
      comment:
        'Use-case order messaging ← requests ← rhythm ← chat: src/messaging must not import requests, rhythm or chat.',
      from: { path: '^src/messaging/' },
      to: { path: '^src/(requests|rhythm|chat)/' },
    },
    {
      name: 'requests-below-rhythm-chat',
      severity: 'error',
      comment: 'Use-case order messaging ← requests ← rhythm ← chat: src/requests must not import rhythm or chat.',
      from: { path: '^src/requests/' },
      to: { path: '^src/(rhythm|chat)/' },
    },
    {
      name: 'rhythm-below-chat',
      severity: 'error',
      comment: 'Use-case order messaging ← requests ← rhythm ← chat: src/rhythm must not import chat.',
      from: { path: '^src/rhythm/' },
      to: { path: '^src/chat/' },
    },
    {
      name: 'mediation-beside-requests',
      severity: 'error',
      comment:
        'src/mediation (the six-step mediation cases) sits beside src/requests: it may use src/messaging, src/requests and ' +
        'src/data; src/rhythm (its reminders) and src/chat (its commands) call it, never the other way.',
      // Its edges (*.routes.ts: the admin API; *.feature.ts) are the composition root's, as src/routes is.
      from: { path: '^src/mediation/', pathNot: '\\.(routes|feature)\\.ts$' },
      to: {
        path: [
          '^src/(rhythm|chat|roster|classify)/',
          '^src/(routes|http|jobs)/',
          '^src/(app|server|compose|cli)\\.ts$',
          '^bots/',
        ],
      },
    },
    {
      name: 'messaging-requests-below-mediation',
      severity: 'error',
      comment:
        'src/messaging and src/requests are below src/mediation: they must not import it (src/chat dispatches to it).',
      from: { path: '^src/(messaging|requests|data|domain|texts|channels)/' },
      to: { path: '^src/mediation/' },
    },
    {
      name: 'deliberation-and-notices-beside-requests',
      severity: 'error',
      comment:
        'src/deliberation (village votes, 四议两公开) and src/notices (村务公开) sit beside src/requests: they may use ' +
        'src/messaging, src/requests and src/data (src/deliberation also src/notices, to publish); src/rhythm (closing ' +
        'ballots) and src/chat (their commands) call them, never the other way.',
      from: { path: '^src/(deliberation|notices)/', pathNot: '\\.(routes|feature)\\.ts$' },
      to: {
        path: [
          '^src/(rhythm|chat|roster|classify|mediation)/',
          '^src/(routes|http|jobs)/',
          '^src/(app|server|compose|cli)\\.ts$',
          '^bots/',
        ],
      },
    },
    {
      name: 'notices-below-deliberation',
      severity: 'error',
      comment:
        'src/notices is below src/deliberation (a published decision is a notice): it must not import it, except ' +
        'its sentences (*.texts.ts), which sit below both.',
      from: { path: '^src/notices/' },
      to: { path: '^src/deliberation/', pathNot: '\\.texts\\.ts$' },
    },
    {
      name: 'messaging-requests-below-deliberation-and-notices',
      severity: 'error',
      comment:
        'src/messaging, src/requests and the layers below never import src/deliberation or src/notices (src/chat dispatches to them).',
      from: { path: '^src/(messaging|requests|mediation|data|domain|texts|channels)/' },
      to: { path: '^src/(deliberation|notices)/' },
    },
    {
      name: 'inner-layers-dont-import-entry-points',
      severity: 'error',
      comment:
        'The domain, texts, port, repositories, use cases, roster and classifier never import routes, http, jobs, ' +
        'the composition root (src/app.ts, src/server.ts, src/compose.ts, src/cli.ts) or a bot. Take what you need as a parameter.',
      from: {
        path: '^src/(domain|texts|channels|data|messaging|requests|rhythm|chat|roster|classify|ledger|open311)/',
      },
      to: { path: ['^src/(routes|http|jobs|desk)/', '^src/(app|server|compose|cli)\\.ts$', '^bots/'] },
    },
    {
      name: 'desk-is-an-edge',
      severity: 'error',
      comment:
        "src/desk (the secretary's desk: pages, its live board, its admin routes) is an HTTP edge like src/routes: only " +
        "src/app.ts and src/server.ts, a feature's desk pages (*.routes.ts), src/feature.ts (the type of a feature's " +
        'pages) and the tests import it, and it reaches the database through src/data only.',
      from: { pathNot: ['^src/desk/', '^src/(app|server|feature)\\.ts$', '\\.routes\\.ts$', '^test/'] },
      to: { path: '^src/desk/' },
    },
    {
      name: 'routes-are-edges',
      severity: 'error',
      comment:
        "A *.routes.ts file (src/routes, src/desk, a feature's pages) is an HTTP edge: only the composition root " +
        "(src/app.ts, src/server.ts), the desk's own routes, a feature's object (*.feature.ts) and the tests import it.",
      from: { pathNot: ['^src/(app|server)\\.ts$', '^src/desk/', '\\.routes\\.ts$', '\\.feature\\.ts$', '^test/'] },
      to: { path: '^src/.+\\.routes\\.ts$' },
    },
    {
      name: 'features-only-from-the-list',
      severity: 'error',
      comment:
        "A feature's object (*.feature.ts) is read from the one list, src/features.ts; the list is read by the " +
        'composition root (src/app.ts, src/cli.ts) and the tests. Nothing else imports either: a layer gets what it needs installed.',
      from: { pathNot: ['^src/(app|cli|features)\\.ts$', '^test/'] },
      to: { path: ['\\.feature\\.ts$', '^src/features\\.ts$'] },
    },
    {
      name: 'only-composition-root-imports-bots',
      severity: 'error',
      comment:
        'Only the composition root (src/app.ts, src/compose.ts, src/server.ts, src/cli.ts) wires the adapters in bots/ ' +
        '(and the tests, which drive them). bots/<name>/ importing itself is covered by bots-dont-import-other-bots.',
      from: { pathNot: ['^bots/', '^src/(app|compose|server|cli)\\.ts$', '^test/'] },
      to: { path: '^bots/' },
    },
    {
      name: 'nothing-imports-server',
      severity: 'error',
      comment: 'src/server.ts is the process entry point: run it, never import it (build the app with src/app.ts).',
      from: {},
      to: { path: '^src/server\\.ts$' },
    },
    {
      name: 'app-only-from-entry-points',
      severity: 'error',
      comment: 'src/app.ts is imported only by src/server.ts, src/cli.ts and the tests.',
      from: { pathNot: ['^src/(server|cli)\\.ts$', '^test/'] },
      to: { path: '^src/app\\.ts$' },
    },
    // Rule no-folder-cycles (no folder of src/ or bots/ imports a folder that imports it back) is checked by
    // test/lint/folder-cycles.mjs, chained in `npm run lint`: the built-in `scope: 'folder'` rule counts the top-level
    // files of src/ as one folder "src" holding everything below it, and so reports cycles such as
    // src/rhythm → src (log.ts) → bots/web (imported by compose.ts) → ... that no file takes part in.
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not import each other in a circle (the cycle is printed), type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import resolves to no file on disk: a typo, a moved module, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^data/', '^test-artifacts/', '^db/migrations/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages resolve through their "exports"; `import … from './x.js'` finds x.ts (NodeNext style) by itself.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
