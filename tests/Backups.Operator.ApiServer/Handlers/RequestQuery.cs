using System.Globalization;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Semantics;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>Typed access to the query parameters and headers of an API request.</summary>
internal sealed class RequestQuery(HttpRequest request)
{
    public string? this[string name] => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public bool Flag(string name) => this[name] is "true" or "1";

    public int? Int(string name)
    {
        var text = this[name];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StatusObjects.BadRequest($"invalid {name}: '{text}'");
    }

    public bool WantsTable
    {
        get
        {
            var accept = request.Headers.Accept.ToString();
            return accept.Contains("as=Table", StringComparison.Ordinal);
        }
    }

    public string IncludeObject => this["includeObject"] ?? "Metadata";

    public WriteOptions WriteOptions() => new()
    {
        FieldValidation = this["fieldValidation"] switch
        {
            null or "" or "Warn" => FieldValidation.Warn,
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            var other => throw StatusObjects.BadRequest($"fieldValidation must be one of Ignore, Warn, Strict (got {other})"),
        },
        DryRun = this["dryRun"] == "All",
    };
}
