local hs = { status = "Progressing", message = "Waiting for the operator" }
if obj.status == nil then
  return hs
end
local generation = obj.metadata and obj.metadata.generation or nil
if generation ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration < generation) then
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end
local phase = obj.status.phase
local detail = obj.status.message or ""
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "Succeeded"
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = (obj.status.reason or "Failed") .. ": " .. detail
else
  hs.message = (phase or "Pending") .. ": " .. detail
end
return hs
