using System.Text.Json;
using Backups.Operator.Install.Tests.Infrastructure;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Install.Tests.Image;

/// <summary>
/// No base image can be pulled here, so the image is reproduced from the Dockerfile: its <c>dotnet restore/publish</c>
/// commands for the operator, then the published operator run as its final stage runs it — the image's user (a non-root
/// uid, via setpriv when the test runs as root), its environment (HOME that does not exist), its working directory
/// (owned by root, not writable) and its entrypoint — against the local stack, through a full backup.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishedImageTests(ITestOutputHelper output)
{
    private const string Project = "operator/Backups.Operator/Backups.Operator.csproj";

    [Fact]
    public async Task The_published_operator_backs_up_as_the_images_non_root_user_with_an_unwritable_home_and_working_directory()
    {
        var recipe = DockerfileRecipe.Read(Path.Combine(RepositoryPaths.Root, "Dockerfile"), "operator", Project);
        recipe.User.Should().MatchRegex("^[0-9]+:[0-9]+$", "a numeric user, so runAsNonRoot can be verified");
        var (uid, gid) = (int.Parse(recipe.User.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(recipe.User.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        uid.Should().BePositive();

        var image = Directory.CreateTempSubdirectory("backups-image-").FullName;
        try
        {
            // 1. Build exactly as the Dockerfile's build stage does, with /app mapped to a temporary directory.
            foreach (var command in recipe.BuildCommands)
            {
                var arguments = command.Skip(1).Select(a => a.StartsWith("/app", StringComparison.Ordinal) ? image + a : a).ToList();
                output.WriteLine($"dotnet {string.Join(' ', arguments)}");
                await Tool.RunCheckedAsync("dotnet", arguments, timeout: TimeSpan.FromMinutes(10));
            }

            var app = image + recipe.PublishDirectory;
            var entry = recipe.Entrypoint.ToList();
            entry[0].Should().Be("dotnet");
            var dll = Path.Combine(app, Path.GetFileName(entry[1]));
            File.Exists(dll).Should().BeTrue();
            MakeReadOnlyForOthers(image);
            recipe.Environment.Should().ContainKey("HOME");
            Directory.Exists(recipe.Environment["HOME"]).Should().BeFalse("the image's HOME does not exist, so nothing can be written there");

            // 2. Run it as the image would, against the local stack.
            var asRoot = Environment.UserName == "root";
            IReadOnlyList<string> launcher = asRoot ? ["setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--"] : [];
            await using var stack = await LocalStack.StartAsync(new LocalStackOptions
            {
                StartOperator = false,
                OperatorDll = dll,
                OperatorLauncher = launcher,
                OperatorWorkingDirectory = app,
                OperatorEnvironment = recipe.Environment.ToDictionary(),
                OperatorArguments = ["--log-format", "json"],
                Log = output.WriteLine,
            });
            // The image's user reads the kubeconfig (no credentials: the sandbox is open) like a mounted file.
            File.SetUnixFileMode(stack.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(stack.Kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var process = await stack.StartOperatorAsync();
            if (asRoot)
            {
                var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
                status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Should().Be($"{uid}");
            }

            var kubectl = stack.Kubectl;
            await kubectl.RunCheckedAsync("apply", "-f", LocalStack.Example("00-namespace.yaml"), "-f", LocalStack.Example("01-token-secret.yaml"),
                "-f", LocalStack.Example("12-policy-pro.yaml"), "-f", LocalStack.Example("20-backup-manual.yaml"));
            await stack.WaitAsync("Backup shop-before-v2 Available", async () => await stack.PhaseAsync("backup", "shop-before-v2") == "Available");
            (await stack.Simulator.SnapshotsAsync("team-a@example.com")).Should().HaveCount(1);

            // The log is one JSON object per line.
            var lines = process.Output.Split('\n').Where(l => l.StartsWith('{')).ToList();
            lines.Should().NotBeEmpty();
            foreach (var line in lines.Take(50))
            {
                using var document = JsonDocument.Parse(line);
                document.RootElement.TryGetProperty("LogLevel", out _).Should().BeTrue();
            }
        }
        finally
        {
            Directory.Delete(image, recursive: true);
        }
    }

    /// <summary>The published files as an image's layers hold them: owned by root, readable by all, writable by nobody else.</summary>
    private static void MakeReadOnlyForOthers(string root)
    {
        const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        System.IO.File.SetUnixFileMode(root, Directory);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            System.IO.File.SetUnixFileMode(directory, Directory);
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            System.IO.File.SetUnixFileMode(file, File);
        }
    }
}
