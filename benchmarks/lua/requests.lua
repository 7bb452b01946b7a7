-- wrk script: `-- METHOD BODY [H=Name: value]... PATH...`; requests cycle through the PATHs.
local paths = {}
local counter = 0

function init(args)
  wrk.method = args[1]
  if args[2] ~= "" then
    wrk.body = args[2]
  end
  for i = 3, #args do
    local name, value = string.match(args[i], "^H=([^:]+): (.*)$")
    if name then
      wrk.headers[name] = value
    else
      table.insert(paths, args[i])
    end
  end
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
