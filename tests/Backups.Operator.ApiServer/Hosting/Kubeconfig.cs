namespace Backups.Operator.ApiServer.Hosting;

/// <summary>A kubeconfig for the local server: plain http on loopback, no credentials.</summary>
internal static class Kubeconfig
{
    public const string ContextName = "backups-sandbox";

    public static string Render(string server, string ns) => $$"""
        # Written by the Backups Operator local API server (test infrastructure, not Kubernetes).
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{ContextName}}
          cluster:
            server: {{server}}
        users:
        - name: {{ContextName}}
          user:
            # Not a secret: the local server accepts any client; KubernetesClient wants some credential.
            token: sandbox
        contexts:
        - name: {{ContextName}}
          context:
            cluster: {{ContextName}}
            user: {{ContextName}}
            namespace: {{ns}}
        current-context: {{ContextName}}
        preferences: {}

        """;
}
