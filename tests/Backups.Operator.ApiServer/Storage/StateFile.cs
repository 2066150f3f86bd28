using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>
/// The server's objects in one JSON file, like a real cluster's etcd (docs/kubernetes-runtime.md, "The local API
/// server's state"): loaded at start, written (to a temporary file, then renamed) shortly after every change and on
/// stop. resourceVersions continue after the saved revision and are never reused; no watch history survives, so a watch
/// from an earlier resourceVersion gets 410 Expired and the client relists. A kill -9 loses at most the last
/// <see cref="FlushDelay"/> of changes. The file is also the test-only way to put objects the API would refuse into the
/// server: they are loaded as they are, without validation.
/// </summary>
/// <remarks>Format: <c>{"kind":"LocalApiServerState","revision":N,"objects":[{"resource":"group/plural","object":{…}}]}</c>.</remarks>
internal sealed partial class StateFile : IAsyncDisposable
{
    public const string Kind = "LocalApiServerState";

    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _writeGate = new();
    private Task _loop = Task.CompletedTask;

    public StateFile(string path, ObjectStore store, TimeProvider time, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Loads the file into the (empty) store when it exists; returns how many objects it held, or null without a file.</summary>
    public int? Load()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllBytes(_path))?.AsObject()
            ?? throw new InvalidDataException($"{_path} is not a JSON object.");
        if (root["kind"]?.GetValue<string>() != Kind)
        {
            throw new InvalidDataException($"{_path} is not a local API server state file (kind {Kind}).");
        }

        var objects = (root["objects"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(o => (o["resource"]!.GetValue<string>(), o["object"]!.DeepClone().AsObject()))
            .ToList();
        _store.Import(root["revision"]?.GetValue<long>() ?? 0, objects);
        Log.Loaded(_logger, _path, objects.Count, _store.Revision);
        return objects.Count;
    }

    /// <summary>Starts writing the file after changes.</summary>
    public void Start()
    {
        _store.Changed += MarkDirty;
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Writes the current state now (atomically).</summary>
    public void Save()
    {
        lock (_writeGate)
        {
            var (revision, objects) = _store.Export();
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            using (var stream = File.Create(temporary))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("kind", Kind);
                writer.WriteNumber("revision", revision);
                writer.WriteStartArray("objects");
                foreach (var (resource, stored) in objects)
                {
                    writer.WriteStartObject();
                    writer.WriteString("resource", resource);
                    writer.WritePropertyName("object");
                    writer.WriteRawValue(stored.Json, skipInputValidation: true);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            File.Move(temporary, _path, overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.Changed -= MarkDirty;
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Save();
        _stopping.Dispose();
    }

    private void MarkDirty() => _dirty.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _dirty.Reader.ReadAsync(cancellationToken);
                await Task.Delay(FlushDelay, _time, cancellationToken);
                Save();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException e)
            {
                Log.SaveFailed(_logger, _path, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Count} objects from {Path}; resourceVersions continue after {Revision}")]
        public static partial void Loaded(ILogger logger, string path, int count, long revision);

        [LoggerMessage(2, LogLevel.Warning, "Could not write the state file {Path}; retrying on the next change")]
        public static partial void SaveFailed(ILogger logger, string path, Exception exception);
    }
}
