using System.Text.Json.Nodes;
using Backups.Operator.Install.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Backups.Operator.Install.Tests.Chart;

/// <summary>
/// The Kubernetes checks of checkov's policy set that apply to this chart, implemented here because checkov (a PyPI
/// package) cannot be installed where these tests run. Each check carries checkov's id; a check is skipped for one
/// object only by a <c>checkov.io/skipN: CKV_K8S_NN=reason</c> annotation on that object in the chart (checkov's own
/// convention), and every skip must give a reason.
/// </summary>
public sealed class SecurityScanTests(ITestOutputHelper output)
{
    private static readonly string[] Workloads = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

    public static TheoryData<string, string[]> Matrix => RenderedChart.Matrix;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_rendered_chart_passes_every_check_or_skips_it_with_a_reason(string name, string[] values)
    {
        var objects = await RenderedChart.RenderAsync(values);
        var failures = new List<string>();
        var passed = 0;
        foreach (var o in objects)
        {
            var skips = Skips(o, failures);
            foreach (var (id, title, ok) in Checks(o))
            {
                var subject = $"{RenderedChart.Kind(o)}/{RenderedChart.Name(o)}";
                if (ok)
                {
                    passed++;
                }
                else if (skips.TryGetValue(id, out var reason))
                {
                    output.WriteLine($"{name}: SKIPPED {id} {title} on {subject}: {reason}");
                }
                else
                {
                    failures.Add($"{id} {title}: {subject}");
                }
            }
        }

        output.WriteLine($"{name}: {passed} checks passed, {failures.Count} failed");
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task The_checks_find_what_they_look_for()
    {
        // A deliberately bad Deployment: every workload check fails on it.
        var bad = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad","namespace":"default"},
             "spec":{"template":{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"x:latest",
               "env":[{"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}],
               "securityContext":{"privileged":true,"allowPrivilegeEscalation":true,"runAsUser":0}}]}}}}
            """)!.AsObject();
        var failed = Checks(bad).Where(c => !c.Ok).Select(c => c.Id).ToList();
        failed.Should().Contain(["CKV_K8S_8", "CKV_K8S_9", "CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "CKV_K8S_14", "CKV_K8S_16",
            "CKV_K8S_19", "CKV_K8S_20", "CKV_K8S_21", "CKV_K8S_22", "CKV_K8S_23", "CKV_K8S_28", "CKV_K8S_31", "CKV_K8S_35", "CKV_K8S_37", "CKV_K8S_40"]);
        var wildcard = JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"w"},
             "rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}
            """)!.AsObject();
        Checks(wildcard).Where(c => !c.Ok).Select(c => c.Id).Should().Contain("CKV_K8S_49");
        await Task.CompletedTask;
    }

    private static Dictionary<string, string> Skips(JsonObject o, List<string> failures)
    {
        var skips = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o["metadata"]?["annotations"] is not JsonObject annotations)
        {
            return skips;
        }

        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith("checkov.io/skip", StringComparison.Ordinal))
            {
                continue;
            }

            var text = value!.GetValue<string>();
            var separator = text.IndexOf('=', StringComparison.Ordinal);
            if (separator < 0 || text[(separator + 1)..].Trim().Length < 10)
            {
                failures.Add($"{key} on {RenderedChart.Kind(o)}/{RenderedChart.Name(o)} has no reason: '{text}'");
                continue;
            }

            skips[text[..separator]] = text[(separator + 1)..];
        }

        return skips;
    }

    private static IEnumerable<(string Id, string Title, bool Ok)> Checks(JsonObject o)
    {
        var kind = RenderedChart.Kind(o);
        if (kind is "ClusterRole" or "Role")
        {
            var rules = o["rules"]?.AsArray() ?? [];
            yield return ("CKV_K8S_49", "no wildcard in RBAC rules", !rules.Any(r => HasWildcard(r, "apiGroups") || HasWildcard(r, "resources") || HasWildcard(r, "verbs")));
            yield return ("CKV_K8S_155", "no escalate/bind/impersonate verbs", !rules.Any(r => Strings(r?["verbs"]).Any(v => v is "escalate" or "bind" or "impersonate")));
            yield return ("CKV_K8S_156", "no write access to webhooks or pods/exec", !rules.Any(r => Strings(r?["resources"]).Any(x => x.Contains("webhook", StringComparison.Ordinal) || x is "pods/exec" or "pods/attach")));
            yield break;
        }

        if (o["metadata"]?["namespace"] is null && kind is not ("Namespace" or "ClusterRoleBinding" or "CustomResourceDefinition"))
        {
            yield return ("CKV_K8S_21", "the default namespace is not used", false);
        }
        else if (o["metadata"]?["namespace"]?.GetValue<string>() == "default")
        {
            yield return ("CKV_K8S_21", "the default namespace is not used", false);
        }

        if (!Workloads.Contains(kind))
        {
            yield break;
        }

        var pod = o["spec"]?["template"]?["spec"]?.AsObject() ?? new JsonObject();
        var podSecurity = pod["securityContext"];
        yield return ("CKV_K8S_17", "no hostPID", pod["hostPID"]?.GetValue<bool>() != true);
        yield return ("CKV_K8S_18", "no hostIPC", pod["hostIPC"]?.GetValue<bool>() != true);
        yield return ("CKV_K8S_19", "no hostNetwork", pod["hostNetwork"]?.GetValue<bool>() != true);
        yield return ("CKV_K8S_31", "seccomp RuntimeDefault", (string?)podSecurity?["seccompProfile"]?["type"] == "RuntimeDefault"
            || Containers(pod).All(c => (string?)c["securityContext"]?["seccompProfile"]?["type"] == "RuntimeDefault"));
        foreach (var c in Containers(pod))
        {
            var security = c["securityContext"];
            var image = (string?)c["image"] ?? string.Empty;
            yield return ("CKV_K8S_8", "liveness probe", c["livenessProbe"] is not null);
            yield return ("CKV_K8S_9", "readiness probe", c["readinessProbe"] is not null);
            yield return ("CKV_K8S_10", "CPU request", c["resources"]?["requests"]?["cpu"] is not null);
            yield return ("CKV_K8S_11", "CPU limit", c["resources"]?["limits"]?["cpu"] is not null);
            yield return ("CKV_K8S_12", "memory request", c["resources"]?["requests"]?["memory"] is not null);
            yield return ("CKV_K8S_13", "memory limit", c["resources"]?["limits"]?["memory"] is not null);
            yield return ("CKV_K8S_14", "image tag is fixed (not latest, not empty)", image.Contains('@', StringComparison.Ordinal)
                || (image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal)));
            yield return ("CKV_K8S_16", "not privileged", security?["privileged"]?.GetValue<bool>() != true);
            yield return ("CKV_K8S_20", "no privilege escalation", security?["allowPrivilegeEscalation"]?.GetValue<bool>() == false);
            yield return ("CKV_K8S_22", "read-only root filesystem", security?["readOnlyRootFilesystem"]?.GetValue<bool>() == true);
            yield return ("CKV_K8S_23", "runAsNonRoot", security?["runAsNonRoot"]?.GetValue<bool>() == true || podSecurity?["runAsNonRoot"]?.GetValue<bool>() == true);
            yield return ("CKV_K8S_28", "NET_RAW dropped", Strings(security?["capabilities"]?["drop"]).Any(x => x is "ALL" or "NET_RAW"));
            yield return ("CKV_K8S_37", "all capabilities dropped", Strings(security?["capabilities"]?["drop"]).Contains("ALL") && Strings(security?["capabilities"]?["add"]).Count == 0);
            var uid = security?["runAsUser"] ?? podSecurity?["runAsUser"];
            yield return ("CKV_K8S_40", "runs as a high UID (>= 10000)", uid is not null && uid.GetValue<long>() >= 10000);
            yield return ("CKV_K8S_43", "image pinned by digest", image.Contains("@sha256:", StringComparison.Ordinal));
            yield return ("CKV_K8S_35", "no Secrets in environment variables", !(c["env"]?.AsArray() ?? []).Any(e => e?["valueFrom"]?["secretKeyRef"] is not null)
                && (c["envFrom"]?.AsArray() ?? []).All(e => e?["secretRef"] is null));
            yield return ("CKV_K8S_15", "image pull policy Always", (string?)c["imagePullPolicy"] == "Always");
        }

        yield return ("CKV_K8S_38", "service account token not mounted where not needed", pod["automountServiceAccountToken"]?.GetValue<bool>() == false);
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        (pod["containers"]?.AsArray() ?? []).Concat(pod["initContainers"]?.AsArray() ?? []).OfType<JsonObject>();

    private static bool HasWildcard(JsonNode? rule, string property) => Strings(rule?[property]).Contains("*");

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];
}
