-- Drives a real headless Neovim (0.7+) against the server, using only what a user's config has:
-- the README's recipe (sourced by the test first) and Neovim's own LSP client. Writes one JSON
-- object per check to $GCS_RESULTS.
local results = {}
local function record(name, value)
  results[#results + 1] = { name = name, value = value }
end
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  published[params.uri] = params.diagnostics
  return publish(err, params, ctx, config)
end
local function codes_of(uri)
  local out = {}
  for _, d in ipairs(published[uri] or {}) do out[#out + 1] = d.code end
  table.sort(out)
  return out
end
local function has_code(uri, code)
  for _, c in ipairs(codes_of(uri)) do if c == code then return true end end
  return false
end
local function client()
  for _, c in pairs(vim.lsp.get_active_clients()) do
    if c.name == 'go_container_standard' then return c end
  end
end
local function request(bufnr, method, params)
  local answers = vim.lsp.buf_request_sync(bufnr, method, params, 10000) or {}
  for _, answer in pairs(answers) do
    if answer.result then return answer.result end
  end
end

local ok, err = pcall(function()
  local root = vim.fn.getcwd()
  -- 1. The Dockerfile: its own findings and the cross-file ones, at open, without an edit.
  vim.cmd('edit orders/Dockerfile')
  local docker_buf = vim.api.nvim_get_current_buf()
  local docker_uri = vim.uri_from_bufnr(docker_buf)
  vim.wait(15000, function() return has_code(docker_uri, 'dockerignore') and has_code(docker_uri, 'go-version-consistency') end, 50)
  record('filetype', vim.bo[docker_buf].filetype)
  record('dockerfile codes', codes_of(docker_uri))
  record('settings from init_options', not has_code(docker_uri, 'target-platform'))

  -- 2. Create .dockerignore is offered as an edit Neovim can apply.
  local ignore_diag
  for _, d in ipairs(published[docker_uri] or {}) do if d.code == 'dockerignore' then ignore_diag = d end end
  local titles = {}
  if ignore_diag then
    local actions = request(docker_buf, 'textDocument/codeAction', { textDocument = { uri = docker_uri }, range = ignore_diag.range, context = { diagnostics = { ignore_diag } } }) or {}
    for _, a in ipairs(actions) do
      titles[#titles + 1] = a.title
      if a.title:find('dockerignore') and a.edit then vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16') end
    end
  end
  record('dockerignore actions', titles)
  vim.cmd('silent! wall')
  record('dockerignore created', vim.fn.filereadable(root .. '/orders/.dockerignore') == 1)

  -- 3. "Add /health and /ready handlers" on go.mod: a workspace edit, not a command only VS Code has.
  vim.cmd('edit orders/go.mod')
  local mod_buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(mod_buf, client().id)
  local mod_uri = vim.uri_from_bufnr(mod_buf)
  vim.wait(10000, function() return has_code(mod_uri, 'health-endpoints') end, 50)
  local health
  for _, d in ipairs(published[mod_uri] or {}) do if d.code == 'health-endpoints' then health = d end end
  local add
  if health then
    for _, a in ipairs(request(mod_buf, 'textDocument/codeAction', { textDocument = { uri = mod_uri }, range = health.range, context = { diagnostics = { health } } }) or {}) do
      if a.title == 'Add /health and /ready handlers' then add = a end
    end
  end
  record('health action', add and { command = add.command ~= nil, edit = add.edit ~= nil } or vim.NIL)
  if add and add.edit then vim.lsp.util.apply_workspace_edit(add.edit, 'utf-16') end
  -- Neovim 0.7 opens new files as buffers without creating their folders (the README says so).
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(b)
    if name:find('/internal/', 1, true) then vim.fn.mkdir(vim.fn.fnamemodify(name, ':h'), 'p') end
  end
  vim.cmd('silent! wall')
  record('health written', vim.fn.filereadable(root .. '/orders/internal/health/health.go') == 1)

  -- 4. Completion in a container: one line per item; inserting one and saving writes no NUL byte.
  vim.cmd('edit deploy/orders.yaml')
  local yaml_buf = vim.api.nvim_get_current_buf()
  local yaml_uri = vim.uri_from_bufnr(yaml_buf)
  vim.wait(10000, function() return published[yaml_uri] ~= nil end, 50)
  local last = vim.api.nvim_buf_line_count(yaml_buf) - 1
  local line = vim.api.nvim_buf_get_lines(yaml_buf, last, last + 1, false)[1]
  local completion = request(yaml_buf, 'textDocument/completion', { textDocument = { uri = yaml_uri }, position = { line = last, character = #line } }) or {}
  local items = completion.items or completion
  local labels, multiline = {}, false
  for _, item in ipairs(items) do
    labels[#labels + 1] = item.label
    local text = item.textEdit and item.textEdit.newText or item.insertText or item.label
    if text:find('\n') then multiline = true end
  end
  record('container completion', labels)
  record('multi-line items', multiline)
  for _, item in ipairs(items) do
    if item.label == 'securityContext' then vim.lsp.util.apply_text_edits({ item.textEdit }, yaml_buf, 'utf-16') end
  end
  vim.cmd('silent! write')
  local written = table.concat(vim.fn.readfile(root .. '/deploy/orders.yaml', 'b'), '\n')
  record('saved without NUL', not written:find('%z') and written:find('securityContext:') ~= nil)

  -- 5. Names Neovim does not know as Dockerfiles, with the README's vim.filetype.add.
  for _, name in ipairs({ 'svc__Dockerfile', 'Dockerfile-windows' }) do
    vim.cmd('edit ' .. root .. '/orders/' .. name)
    record(name .. ' filetype', vim.bo.filetype)
  end
end)
if not ok then record('error', tostring(err)) end
local file = io.open(os.getenv('GCS_RESULTS'), 'w')
for _, r in ipairs(results) do file:write(vim.fn.json_encode(r), '\n') end
file:close()
vim.cmd('qa!')
