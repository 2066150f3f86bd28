using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Backups.Operator.Cli.Cluster;

/// <summary>
/// Turns a failed API call into the sentence a person wants: who may not do what where (403), what does not exist
/// (404), what the API server refused and why (422 and others) — never a stack trace.
/// </summary>
public static class ApiErrorTranslator
{
    /// <summary>The <see cref="CliException"/> for a failed call.</summary>
    public static CliException Translate(HttpOperationException exception, ApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(operation);
        var status = exception.Response?.StatusCode;
        var message = StatusMessage(exception.Response?.Content);
        var kind = operation.Kind;
        return status switch
        {
            HttpStatusCode.Forbidden => new CliException(ExitCodes.Forbidden,
                $"you may not {operation.Verb} {kind.KindPlural} in {operation.Namespace}",
                $"ask your cluster admin for a Role that allows \"{operation.Verb}\" on {kind.Plural}.backup.platform.dev in {operation.Namespace}"
                + " (check with: kubectl auth can-i " + $"{operation.Verb} {kind.Plural}.backup.platform.dev -n {operation.Namespace})"),
            HttpStatusCode.Unauthorized => new CliException(ExitCodes.Forbidden,
                "the cluster did not accept your credentials (401 Unauthorized)", "log in again or check the user of your kubeconfig context"),
            HttpStatusCode.NotFound when operation.Name is { } name => NotFound(kind, name, operation.Namespace),
            HttpStatusCode.NotFound => NotInstalled(),
            HttpStatusCode.Conflict => new CliException(ExitCodes.Failed,
                $"{kind.Noun} \"{operation.Name}\" already exists in {operation.Namespace}" + (message is null ? string.Empty : $": {message}")),
            HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest => new CliException(ExitCodes.Failed,
                $"the cluster refused to {operation.Verb} the {kind.Kind}: {message ?? exception.Message}"),
            _ => new CliException(ExitCodes.Failed,
                $"{operation.Verb} {kind.KindPlural} in {operation.Namespace} failed ({(int?)status} {status}): {message ?? exception.Message}"),
        };
    }

    /// <summary>The error for an object that does not exist.</summary>
    public static CliException NotFound(ResourceKind kind, string name, string @namespace) =>
        new(ExitCodes.NotFound, $"{kind.Noun} \"{name}\" not found in namespace {@namespace}",
            $"list them with: kubectl backup {(kind == ResourceKinds.Policy ? "status" : "list")} -n {@namespace}");

    /// <summary>The error when the operator's CRDs are missing.</summary>
    public static CliException NotInstalled() =>
        new(ExitCodes.NotInstalled, "the Backups operator is not installed in this cluster (no backups.backup.platform.dev resource)",
            "install it (kubectl apply -k <repository>, or the Helm chart), or pick another cluster with --context");

    /// <summary>The error when the API server cannot be reached.</summary>
    public static CliException Unreachable(Uri? server, Exception exception) =>
        new(ExitCodes.Unreachable, $"cannot reach the cluster at {server}: {exception.Message}",
            "check the context (kubectl config current-context) and that the API server is up");

    /// <summary>The <c>message</c> of a Kubernetes <c>Status</c> body, if the body is one.</summary>
    public static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
