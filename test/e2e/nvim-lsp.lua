-- Neovim (0.7+, headless) as a second real LSP client of the Coherence server over stdio.
-- Usage: COHERENCE_SERVER_JS=dist/server.js E2E_WORKSPACE=<copy of test/e2e/project> \
--          nvim --headless -u NONE -i NONE -n -c "luafile test/e2e/nvim-lsp.lua" <workspace>/helpdesk/services/ticket_service.py
-- Prints one line per check ("ok ..." / "not ok ...") and exits 0 when all passed, 1 otherwise.
local function out(s) io.stdout:write(s .. '\n') end
local server = assert(os.getenv('COHERENCE_SERVER_JS'), 'COHERENCE_SERVER_JS not set')
local root = assert(os.getenv('E2E_WORKSPACE'), 'E2E_WORKSPACE not set')
local timeout = tonumber(os.getenv('E2E_NVIM_TIMEOUT_MS') or '60000')
local failures = 0
local function check(ok, what)
  out((ok and 'ok ' or 'not ok ') .. what)
  if not ok then failures = failures + 1 end
end
local function finish()
  out(string.format('nvim: %d failed', failures))
  if failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

local bufnr = vim.api.nvim_get_current_buf()
local fname = vim.api.nvim_buf_get_name(bufnr)
vim.bo[bufnr].filetype = 'python'

local client_id = vim.lsp.start_client({
  name = 'coherence',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'helpdesk' } },
})
check(client_id ~= nil, 'server started')
if not client_id then return finish() end
vim.lsp.buf_attach_client(bufnr, client_id)

local function codes(diags)
  local t = {}
  for _, d in ipairs(diags) do t[#t + 1] = string.format('%d:%s', d.lnum + 1, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))) end
  table.sort(t)
  return table.concat(t, ',')
end
local function code_of(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end

-- 1. Diagnostics for the open file, from the first indexing.
local got = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) >= 2 end, 50)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('  diag %s:%d:%d [%s] %s', vim.fn.fnamemodify(fname, ':t'), d.lnum + 1, d.col + 1, tostring(code_of(d)), d.message))
end
check(got and codes(vim.diagnostic.get(bufnr)) == '14:undefined-name,23:unknown-attribute',
  'open file has undefined-name (line 14) and unknown-attribute (line 23): ' .. codes(vim.diagnostic.get(bufnr)))

-- 2. Diagnostics for a file Neovim never opened (the server publishes the whole workspace).
local routes = root .. '/helpdesk/api/routes.py'
local routes_buf
local routes_ok = vim.wait(timeout, function()
  routes_buf = vim.fn.bufnr(routes)
  return routes_buf > 0 and #vim.diagnostic.get(routes_buf) >= 3
end, 50)
check(routes_ok and codes(vim.diagnostic.get(routes_buf)) == '14:call-signature,4:unresolved-module,6:unknown-import-name',
  'never-opened routes.py has 3 diagnostics: ' .. (routes_buf and routes_buf > 0 and codes(vim.diagnostic.get(routes_buf)) or 'none'))

-- 3. The quick fix for the undefined name, asked for on its range with the diagnostic as context.
local target
for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, 13)) do
  if d.code == 'undefined-name' then target = d end
end
check(target ~= nil, 'undefined-name diagnostic on line 14 in LSP form')
if not target then return finish() end
local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = target.range,
  context = { diagnostics = { target }, only = { 'quickfix' } },
}, timeout) or {}
local action
for _, res in pairs(results) do
  for _, a in ipairs(res.result or {}) do
    out('  action ' .. a.title .. ' (' .. tostring(a.kind) .. ')')
    if a.title == "Import 'Ticket' from 'helpdesk.models'" then action = a end
  end
end
check(action ~= nil and action.edit ~= nil, "code action \"Import 'Ticket' from 'helpdesk.models'\" offered")
if not action then return finish() end
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
check(text:find('from helpdesk.models import Ticket', 1, true) ~= nil, 'buffer now imports Ticket')

-- 4. The server re-checks the edited buffer: the undefined-name diagnostic is cleared, the other stays.
local cleared = vim.wait(timeout, function()
  local ds = vim.diagnostic.get(bufnr)
  for _, d in ipairs(ds) do if code_of(d) == 'undefined-name' then return false end end
  return #ds == 1
end, 50)
check(cleared, 'undefined-name cleared after the fix, unknown-attribute remains: ' .. codes(vim.diagnostic.get(bufnr)))

-- 5. Saved to disk.
vim.cmd('silent write')
local f = io.open(fname, 'r')
local disk = f and f:read('*a') or ''
if f then f:close() end
check(disk:find('from helpdesk.models import Ticket', 1, true) ~= nil, 'file on disk has the import')

-- 6. Fix-all, as `vim.lsp.buf.code_action({ context = { only = { 'source.fixAll' } }, apply = true })` asks for it:
--    both missing imports of digest.py in one edit, each where isort puts it.
local digest = root .. '/helpdesk/api/digest.py'
vim.cmd('edit ' .. vim.fn.fnameescape(digest))
local digest_buf = vim.api.nvim_get_current_buf()
vim.bo[digest_buf].filetype = 'python'
vim.lsp.buf_attach_client(digest_buf, client_id)
local two = vim.wait(timeout, function() return #vim.diagnostic.get(digest_buf) == 2 end, 50)
check(two, 'digest.py has its 2 undefined names: ' .. codes(vim.diagnostic.get(digest_buf)))
local fix_all
local answers = vim.lsp.buf_request_sync(digest_buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(digest_buf) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
  context = { diagnostics = {}, only = { 'source.fixAll' } },
}, timeout) or {}
for _, res in pairs(answers) do
  for _, a in ipairs(res.result or {}) do
    out('  action ' .. a.title .. ' (' .. tostring(a.kind) .. ')')
    if a.kind == 'source.fixAll.coherence' then fix_all = a end
  end
end
check(fix_all ~= nil and fix_all.edit ~= nil, 'source.fixAll offers "Coherence: fix all safe problems"')
if not fix_all then return finish() end
vim.lsp.util.apply_workspace_edit(fix_all.edit, 'utf-16')
local head = table.concat(vim.api.nvim_buf_get_lines(digest_buf, 0, 5, false), '\n')
check(head == 'import logging\n\nfrom helpdesk.models import Ticket\nfrom helpdesk.repositories.ticket_repository import TicketRepository\nfrom helpdesk.utils import slugify',
  'fix-all added both imports in sorted position:\n' .. head)
local fixed = vim.wait(timeout, function() return #vim.diagnostic.get(digest_buf) == 0 end, 50)
check(fixed, 'digest.py has no problems after fix-all: ' .. codes(vim.diagnostic.get(digest_buf)))

vim.lsp.stop_client(client_id)
finish()
