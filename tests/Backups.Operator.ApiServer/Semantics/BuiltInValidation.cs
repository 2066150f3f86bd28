using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Semantics;

/// <summary>
/// The parts of the real server's validation of built-ins that client bugs run into: MicroTime fields
/// (events' eventTime, leases' acquireTime/renewTime must carry 6 fractional digits) and the fields
/// events.k8s.io/v1 requires.
/// </summary>
internal static partial class BuiltInValidation
{
    public static void Validate(ResourceType type, JsonObject value, string version)
    {
        if (type == BuiltInResources.Events)
        {
            MicroTime(type, value, version, value["eventTime"], "eventTime");
            MicroTime(type, value, version, value["series"]?["lastObservedTime"], "series.lastObservedTime");
            var errors = new List<FieldError>();
            foreach (var field in new[] { "eventTime", "reportingController", "reportingInstance", "action", "reason" })
            {
                if (value[field] is null || value.GetString(field) is "")
                {
                    errors.Add(FieldError.Required(field));
                }
            }

            if (value.GetString("type") is { } eventType && eventType is not ("Normal" or "Warning"))
            {
                errors.Add(FieldError.NotSupported("type", $"\"{eventType}\"", ["\"Normal\"", "\"Warning\""]));
            }

            if (errors.Count > 0)
            {
                throw StatusObjects.Invalid(type, value["metadata"]?["name"]?.GetValue<string>() ?? string.Empty, errors);
            }
        }
        else if (type == BuiltInResources.CoreEvents)
        {
            MicroTime(type, value, version, value["eventTime"], "eventTime");
        }
        else if (type == BuiltInResources.Leases)
        {
            MicroTime(type, value, version, value["spec"]?["acquireTime"], "spec.acquireTime");
            MicroTime(type, value, version, value["spec"]?["renewTime"], "spec.renewTime");
        }
    }

    private static void MicroTime(ResourceType type, JsonObject value, string version, JsonNode? node, string field)
    {
        if (node is null)
        {
            return;
        }

        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        if (!MicroTimeFormat().IsMatch(text))
        {
            throw StatusObjects.BadRequest($"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: {field}: parsing time \"{text}\" as \"2006-01-02T15:04:05.000000Z07:00\": MicroTime needs exactly 6 fractional second digits");
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex MicroTimeFormat();
}
