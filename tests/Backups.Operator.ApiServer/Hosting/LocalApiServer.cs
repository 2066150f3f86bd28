using System.IO.Pipelines;
using System.Net;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Controllers;
using Backups.Operator.ApiServer.Faults;
using Backups.Operator.ApiServer.Handlers;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Logging;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Semantics;
using Backups.Operator.ApiServer.Storage;
using Backups.Operator.ApiServer.Yaml;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>
/// An in-memory Kubernetes-compatible API server on 127.0.0.1 (test and development infrastructure, not a
/// Kubernetes distribution). Start it with <see cref="StartAsync"/>, point clients at <see cref="BaseUrl"/>
/// (or <see cref="WriteKubeconfig"/> / <see cref="CreateClientConfiguration"/>), dispose it to stop.
/// </summary>
public sealed class LocalApiServer : IAsyncDisposable
{
    private readonly LocalApiServerOptions _options;
    private readonly ResourceService _service;
    private readonly ApiRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly Security.ApiServerSecurity? _security;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _hostGate = new(1, 1);
    private Task _controllers = Task.CompletedTask;
    private StateFile? _stateFile;
    private WebApplication? _app;
    private int _port;

    private LocalApiServer(LocalApiServerOptions options)
    {
        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Backups.Operator.ApiServer");
        var store = new ObjectStore(options.WatchHistorySize);
        var catalog = new ResourceCatalog();
        _service = new ResourceService(store, catalog, options.TimeProvider);
        Faults = new ApiServerFaults(store, options.FaultSeed);
        var watches = new WatchStreamer(store, Faults, options.TimeProvider, options.BookmarkInterval, options.DefaultWatchTimeout);
        var resources = new ResourceHandler(_service, Faults, watches, options.TimeProvider);
        _handler = new ApiRequestHandler(catalog, resources, new OpenApiDocuments(catalog), Faults, options.TimeProvider, _logger);
        _security = options.Security is null ? null : new Security.ApiServerSecurity(options.Security, _service, options.TimeProvider);
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string BaseUrl => $"{(_security is null ? "http" : "https")}://127.0.0.1:{_port}";

    public int Port => _port;

    /// <summary>Switches for injected failures (closed watches, 410, failed writes, latency).</summary>
    public ApiServerFaults Faults { get; }

    /// <summary>The latest cluster-wide resourceVersion.</summary>
    public long ResourceVersion => _service.Store.Revision;

    public static async Task<LocalApiServer> StartAsync(LocalApiServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var server = new LocalApiServer(options);
        if (options.StateFile is not null)
        {
            server._stateFile = new StateFile(options.StateFile, server._service.Store, options.TimeProvider, server._logger);
            if (server._stateFile.Load() is not null)
            {
                server._service.RestoreCatalog();
            }
        }

        server.SeedNamespaces();
        server._security?.Seed();
        server._stateFile?.Start();
        server._controllers = Task.Run(() => new ClusterControllers(server._service, server._logger).RunAsync(server._stopping.Token), CancellationToken.None);
        server._port = options.Port;
        await server.StartHostAsync(cancellationToken);
        Log.Listening(server._logger, server.BaseUrl);
        return server;
    }

    /// <summary>Writes a kubeconfig (plain http, no credentials) for kubectl and clients; returns the full path.</summary>
    public string WriteKubeconfig(string path, string defaultNamespace = "default")
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, _security?.Kubeconfig(BaseUrl, defaultNamespace) ?? Kubeconfig.Render(BaseUrl, defaultNamespace));
        if (_security is not null)
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(fullPath)!, "ca.crt"), _security.CertificateAuthorityPem);
        }

        Log.KubeconfigWritten(_logger, fullPath);
        return fullPath;
    }

    /// <summary>A KubernetesClient configuration pointing at this server.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string defaultNamespace = "default") => new()
    {
        Host = BaseUrl,
        Namespace = defaultNamespace,
        AccessToken = _security?.AdminToken,
        SslCaCerts = _security is null ? null : [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_security.Certificate.RawData)],
    };

    /// <summary>With <see cref="LocalApiServerOptions.Security"/>: a token of the service account (null when it does not exist).</summary>
    public string? IssueServiceAccountToken(string ns, string name) => _security?.IssueServiceAccountToken(ns, name);

    /// <summary>With <see cref="LocalApiServerOptions.Security"/>: the PEM clients trust (a pod's <c>ca.crt</c>).</summary>
    public string? CertificateAuthorityPem => _security?.CertificateAuthorityPem;

    /// <summary>Installs (creates or replaces) every CustomResourceDefinition in the *.yaml/*.yml/*.json files of a directory.</summary>
    public async Task<IReadOnlyList<string>> InstallCrdsFromDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var installed = new List<string>();
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            installed.AddRange(await InstallCrdsFromFileAsync(file, cancellationToken));
        }

        return installed;
    }

    /// <summary>Installs every CustomResourceDefinition of a YAML (multi-document) or JSON file; other kinds are skipped.</summary>
    public async Task<IReadOnlyList<string>> InstallCrdsFromFileAsync(string path, CancellationToken cancellationToken = default) =>
        InstallCrds(await File.ReadAllTextAsync(path, cancellationToken));

    /// <summary>Installs every CustomResourceDefinition in the YAML text; returns their names. Invalid CRDs throw.</summary>
    public IReadOnlyList<string> InstallCrds(string yaml)
    {
        var type = BuiltInResources.CustomResourceDefinitions;
        var names = new List<string>();
        foreach (var document in YamlDocuments.Parse(yaml))
        {
            if (document.GetString("kind") != type.Kind)
            {
                continue;
            }

            var name = document["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
            try
            {
                if (_service.Store.Get(ResourceService.Address(type, string.Empty, name)) is null)
                {
                    _service.Create(type, "v1", string.Empty, document, WriteOptions.System());
                }
                else
                {
                    _service.Replace(type, "v1", string.Empty, name, document, Subresource.None, WriteOptions.System());
                }
            }
            catch (ApiException e)
            {
                throw new InvalidOperationException($"CustomResourceDefinition {name} was rejected: {e.Message}", e);
            }

            Log.CrdInstalled(_logger, name);
            names.Add(name);
        }

        return names;
    }

    /// <summary>Stops listening (dropping every connection and watch) and listens again on the same port; objects are kept.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopHostAsync(cancellationToken);
        await StartHostAsync(cancellationToken);
        Log.Restarted(_logger, BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync(CancellationToken.None);
        if (_stateFile is not null)
        {
            await _stateFile.DisposeAsync();
        }

        await _stopping.CancelAsync();
        await _controllers;
        _stopping.Dispose();
        _hostGate.Dispose();
        _security?.Dispose();
    }

    private void SeedNamespaces()
    {
        foreach (var name in _options.InitialNamespaces)
        {
            if (_service.Store.Get(ResourceService.Address(BuiltInResources.Namespaces, string.Empty, name)) is not null)
            {
                continue;
            }

            _service.Create(BuiltInResources.Namespaces, "v1", string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.System());
        }
    }

    private async Task StartHostAsync(CancellationToken cancellationToken)
    {
        await _hostGate.WaitAsync(cancellationToken);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalApiServer).Assembly.GetName().Name });
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
                kestrel.Listen(IPAddress.Loopback, _port, listen =>
                {
                    if (_security is not null)
                    {
                        listen.UseHttps(_security.Certificate);
                    }

                    // After TLS: %00 in a request line survives Kestrel's parser (see NulRequestLineRewriter).
                    listen.Use(next => async connection =>
                    {
                        // HTTP/2 frames are binary: only HTTP/1.x request lines are rewritten.
                        if (connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true)
                        {
                            await next(connection);
                            return;
                        }

                        var transport = connection.Transport;
                        var input = PipeReader.Create(new NulRequestLineStream(transport.Input.AsStream(leaveOpen: true)));
                        connection.Transport = new RewrittenTransport(input, transport.Output);
                        try
                        {
                            await next(connection);
                        }
                        finally
                        {
                            connection.Transport = transport;
                            await input.CompleteAsync();
                        }
                    });
                });
            });
            var app = builder.Build();
            app.Use((context, next) =>
            {
                if (context.Request.Path.Value is { } path && path.Contains(NulRequestLineRewriter.Placeholder, StringComparison.Ordinal))
                {
                    context.Request.Path = new PathString(NulRequestLineRewriter.RestorePath(path));
                }

                return next(context);
            });
            if (_security is not null)
            {
                app.Use(_security.InvokeAsync);
            }

            app.Run(_handler.HandleAsync);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _port = new Uri(address).Port;
            _app = app;
        }
        finally
        {
            _hostGate.Release();
        }
    }

    private async Task StopHostAsync(CancellationToken cancellationToken)
    {
        await _hostGate.WaitAsync(cancellationToken);
        try
        {
            if (_app is null)
            {
                return;
            }

            _service.Store.CloseAllWatches();
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }
        finally
        {
            _hostGate.Release();
        }
    }
}
