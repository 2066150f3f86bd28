using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Handlers;

public sealed class WatchStreamerTests
{
    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_what_happened_since_and_then_streams()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        var listed = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural));
        await client.MergePatchStatusAsync(BackupsPlural, "b0", new { status = new { phase = "Available" } });
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b1"));
        await client.DeleteAsync(BackupsPlural, "b0");

        await using var watch = WatchRecorder.Backups(client, listed["metadata"]!["resourceVersion"]!.GetValue<string>());
        await watch.WaitForAsync(3, "the replay");
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b2"));
        await watch.WaitForAsync(4, "the live event");

        watch.Describe().Should().Equal("Modified b0", "Added b1", "Deleted b0", "Added b2");
        watch.Events.Select(e => long.Parse(e.Object.ResourceVersionOf())).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        watch.Events[0].Object["status"]!["phase"]!.GetValue<string>().Should().Be("Available");
    }

    [Fact]
    public async Task Watch_without_a_resourceVersion_starts_with_the_current_objects()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b1"));

        await using var watch = WatchRecorder.Backups(client, resourceVersion: null);
        await watch.WaitForAsync(2, "the synthetic ADDED events");

        watch.Describe().Should().Equal("Added b0", "Added b1");
    }

    [Fact]
    public async Task A_resourceVersion_older_than_the_retained_history_gets_an_ERROR_event_with_410_Expired()
    {
        await using var server = await StartAsync(o => o.WatchHistorySize = 2);
        using var client = server.Client();
        var first = await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        for (var i = 1; i < 5; i++)
        {
            await client.CreateAsync(BackupsPlural, CustomObjects.Backup($"b{i}"));
        }

        await using var watch = WatchRecorder.Backups(client, first.ResourceVersionOf());
        await watch.Completion;

        var error = watch.Errors.Should().ContainSingle().Which.Should().BeOfType<KubernetesException>().Subject;
        error.Status.Code.Should().Be(410);
        error.Status.Reason.Should().Be("Expired");
        error.Status.Message.Should().Contain("too old resource version");
        watch.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_resourceVersion_when_asked_for()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, 250, TimeSpan.Zero));
        await using var server = await StartAsync(o =>
        {
            o.TimeProvider = time;
            o.BookmarkInterval = TimeSpan.FromMinutes(1);
        });
        using var client = server.Client();
        var created = await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));

        await using var watch = WatchRecorder.Backups(client, created.ResourceVersionOf(), bookmarks: true);
        await EventuallyAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return Task.FromResult(watch.Events.Count > 0);
        }, "a bookmark after the interval");

        var bookmark = watch.Events[0];
        bookmark.Type.Should().Be(WatchEventType.Bookmark);
        bookmark.Object.ResourceVersionOf().Should().Be(server.ResourceVersion.ToString());
        bookmark.Object["kind"]!.GetValue<string>().Should().Be("Backup");
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, 250, TimeSpan.Zero));
        await using var server = await StartAsync(o => o.TimeProvider = time);
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));

        await using var watch = WatchRecorder.Backups(client, resourceVersion: null, timeoutSeconds: 60);
        await watch.WaitForAsync(1, "the initial ADDED event");
        await EventuallyAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(61));
            return Task.FromResult(watch.Completion.IsCompleted);
        }, "the watch to end after timeoutSeconds");

        watch.Completion.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_label_selector_watch_sees_objects_enter_and_leave_the_selection()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var start = server.ResourceVersion.ToString();
        await using var watch = WatchRecorder.Backups(client, start, labelSelector: "tier=gold");
        var body = CustomObjects.Backup("b0");
        body["metadata"]!["labels"] = new JsonObject { ["tier"] = "gold" };
        await client.CreateAsync(BackupsPlural, body);
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("other"));
        await client.MergePatchAsync(BackupsPlural, "b0", new { metadata = new { labels = new { tier = "silver" } } });
        await client.MergePatchAsync(BackupsPlural, "b0", new { metadata = new { labels = new { tier = "gold" } } });
        await client.MergePatchAsync(BackupsPlural, "b0", new { spec = new { description = "x" } });

        await watch.WaitForAsync(4, "gold transitions");

        watch.Describe().Should().Equal("Added b0", "Deleted b0", "Added b0", "Modified b0");
    }

    [Fact]
    public async Task List_then_watch_under_concurrent_writes_never_loses_or_reorders_an_event()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        const int writers = 4;
        const int perWriter = 40;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            using var writerClient = server.Client();
            for (var i = 0; i < perWriter; i++)
            {
                var name = $"w{w}-{i}";
                await writerClient.CreateAsync(BackupsPlural, CustomObjects.Backup(name));
                await writerClient.MergePatchStatusAsync(BackupsPlural, name, new { status = new { phase = "Available" } });
                if (i % 3 == 0)
                {
                    await writerClient.DeleteAsync(BackupsPlural, name);
                }
            }
        })));

        var listed = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural));
        var cache = new ConcurrentDictionary<string, long>();
        foreach (var item in listed["items"]!.AsArray())
        {
            cache[item!["metadata"]!["name"]!.GetValue<string>()] = long.Parse(item.AsObject().ResourceVersionOf());
        }

        await using var watch = WatchRecorder.Backups(client, listed["metadata"]!["resourceVersion"]!.GetValue<string>());
        await writing;
        var final = CustomObjects.ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, CrVersion, "default", BackupsPlural));
        var finalVersion = long.Parse(final["metadata"]!["resourceVersion"]!.GetValue<string>());
        await EventuallyAsync(() => Task.FromResult(watch.Events.Count > 0 && long.Parse(watch.Events[^1].Object.ResourceVersionOf()) >= finalVersion), "the watch to catch up");
        foreach (var (type, item) in watch.Events)
        {
            var name = item["metadata"]!["name"]!.GetValue<string>();
            if (type == WatchEventType.Deleted)
            {
                cache.TryRemove(name, out _);
            }
            else
            {
                cache[name] = long.Parse(item.ResourceVersionOf());
            }
        }

        var expected = final["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => long.Parse(i!.AsObject().ResourceVersionOf()));
        cache.Should().BeEquivalentTo(expected);
        watch.Events.Select(e => long.Parse(e.Object.ResourceVersionOf())).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        expected.Should().HaveCount(writers * (perWriter - ((perWriter + 2) / 3)));
    }

    [Fact]
    public async Task A_watch_list_ends_its_initial_events_with_an_annotated_bookmark()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b0"));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/apis/{Group}/{CrVersion}/namespaces/default/{BackupsPlural}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var added = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        var bookmark = JsonNode.Parse((await reader.ReadLineAsync())!)!;

        added["type"]!.GetValue<string>().Should().Be("ADDED");
        bookmark["type"]!.GetValue<string>().Should().Be("BOOKMARK");
        bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>().Should().Be("true");
        bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(server.ResourceVersion.ToString());
    }

    [Fact]
    public async Task Typed_watches_of_built_in_kinds_work_with_the_generated_helpers()
    {
        await using var server = await StartAsync(installCrds: false);
        using var client = server.Client();
        var start = server.ResourceVersion.ToString();
        var received = new List<(WatchEventType, V1Namespace)>();
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.CoreV1.WatchListNamespaceAsync(resourceVersion: start, cancellationToken: stop.Token))
            {
                lock (received)
                {
                    received.Add(e);
                }
            }
        });

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-c" } });
        await EventuallyAsync(() => Task.FromResult(received.Count > 0), "the namespace ADDED event");
        await stop.CancelAsync();
        await watching.ContinueWith(_ => { }, TaskScheduler.Default);

        received[0].Item1.Should().Be(WatchEventType.Added);
        received[0].Item2.Metadata.Name.Should().Be("team-c");
        received[0].Item2.Status.Phase.Should().Be("Active");
    }
}
