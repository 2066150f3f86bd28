local hs = { status = "Progressing", message = "Waiting for the operator" }
if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.message = "Deleting the snapshot"
  return hs
end
if obj.status == nil then
  return hs
end
local ready = nil
local slow = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then ready = condition end
    if condition.type == "Slow" and condition.status == "True" then slow = condition end
  end
end
local generation = obj.metadata and obj.metadata.generation or nil
if generation ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration < generation) then
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end
local phase = obj.status.phase
local detail = obj.status.message or (ready and ready.message) or ""
if phase == "Available" then
  hs.status = "Healthy"
  hs.message = "Available"
elseif phase == "Error" then
  hs.status = "Degraded"
  hs.message = (obj.status.reason or "Error") .. ": " .. detail
elseif phase == "Restoring" then
  hs.message = "A restore from this backup is running"
elseif slow ~= nil then
  hs.message = "Slow: " .. (slow.message or "")
else
  hs.message = (phase or "Creating") .. ": " .. detail
end
return hs
