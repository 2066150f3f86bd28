using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Protobuf;

/// <summary>
/// Request bodies in Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>: the magic
/// <c>k8s\0</c>, then a runtime.Unknown wrapping the object), which client-go's typed clients send for built-in
/// kinds; Helm stores its releases that way. Decoded to JSON for the kinds that need it here: Secret and ConfigMap
/// (names, labels, annotations, finalizers, resourceVersion and data) and DeleteOptions. Answers stay JSON, which such clients accept
/// (docs/kubernetes-runtime.md, "Running in a cluster").
/// </summary>
internal static class ProtobufBodies
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    public static bool IsProtobuf(string? contentType) =>
        string.Equals(contentType?.Split(';')[0].Trim(), MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The JSON form of the body, or a FormatException naming what is not supported.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || body[0] != (byte)'k' || body[1] != (byte)'8' || body[2] != (byte)'s' || body[3] != 0)
        {
            throw new FormatException("the protobuf body lacks the k8s magic prefix");
        }

        string apiVersion = string.Empty, kind = string.Empty;
        ReadOnlySpan<byte> raw = default;
        var unknown = new ProtobufReader(body[4..]);
        while (!unknown.End)
        {
            var (field, wire) = unknown.ReadTag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new ProtobufReader(unknown.ReadBytes());
                while (!typeMeta.End)
                {
                    var (f, w) = typeMeta.ReadTag();
                    if (f == 1 && w == 2)
                    {
                        apiVersion = typeMeta.ReadString();
                    }
                    else if (f == 2 && w == 2)
                    {
                        kind = typeMeta.ReadString();
                    }
                    else
                    {
                        typeMeta.Skip(w);
                    }
                }
            }
            else if (field == 2 && wire == 2)
            {
                raw = unknown.ReadBytes();
            }
            else
            {
                unknown.Skip(wire);
            }
        }

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch (kind)
        {
            case "Secret":
                DecodeSecret(raw, result);
                break;
            case "ConfigMap":
                DecodeConfigMap(raw, result);
                break;
            case "DeleteOptions":
                DecodeDeleteOptions(raw, result);
                break;
            default:
                throw new FormatException($"protobuf bodies of kind '{kind}' are not supported by this server; send JSON");
        }

        return result;
    }

    private enum FieldKind
    {
        Metadata,
        StringMap,
        BytesMap,
        String,
        Bool,
    }

    /// <summary>Secret: 1 metadata, 2 data, 3 type, 4 stringData, 5 immutable.</summary>
    private static readonly Dictionary<int, (string Property, FieldKind Kind)> SecretFields = new()
    {
        [1] = ("metadata", FieldKind.Metadata),
        [2] = ("data", FieldKind.BytesMap),
        [3] = ("type", FieldKind.String),
        [4] = ("stringData", FieldKind.StringMap),
        [5] = ("immutable", FieldKind.Bool),
    };

    /// <summary>ConfigMap: 1 metadata, 2 data, 3 binaryData, 4 immutable.</summary>
    private static readonly Dictionary<int, (string Property, FieldKind Kind)> ConfigMapFields = new()
    {
        [1] = ("metadata", FieldKind.Metadata),
        [2] = ("data", FieldKind.StringMap),
        [3] = ("binaryData", FieldKind.BytesMap),
        [4] = ("immutable", FieldKind.Bool),
    };

    private static void DecodeSecret(ReadOnlySpan<byte> raw, JsonObject result) => DecodeFields(raw, result, SecretFields);

    private static void DecodeConfigMap(ReadOnlySpan<byte> raw, JsonObject result) => DecodeFields(raw, result, ConfigMapFields);

    private static void DecodeFields(ReadOnlySpan<byte> raw, JsonObject result, Dictionary<int, (string Property, FieldKind Kind)> fields)
    {
        var reader = new ProtobufReader(raw);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (!fields.TryGetValue(field, out var target) || wire != (target.Kind == FieldKind.Bool ? 0 : 2))
            {
                reader.Skip(wire);
                continue;
            }

            switch (target.Kind)
            {
                case FieldKind.Metadata:
                    result[target.Property] = ObjectMeta(reader.ReadBytes());
                    break;
                case FieldKind.StringMap or FieldKind.BytesMap:
                    AddMapEntry(Map(result, target.Property), reader.ReadBytes(), base64: target.Kind == FieldKind.BytesMap);
                    break;
                case FieldKind.String:
                    result[target.Property] = reader.ReadString();
                    break;
                default:
                    result[target.Property] = reader.ReadVarint() != 0;
                    break;
            }
        }
    }

    /// <summary>DeleteOptions: 1 gracePeriodSeconds, 2 preconditions (1 uid, 2 resourceVersion), 3 orphanDependents, 4 propagationPolicy, 5 dryRun.</summary>
    private static void DecodeDeleteOptions(ReadOnlySpan<byte> raw, JsonObject result)
    {
        var reader = new ProtobufReader(raw);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 0:
                    result["gracePeriodSeconds"] = (long)reader.ReadVarint();
                    break;
                case 2 when wire == 2:
                    var preconditions = new JsonObject();
                    var inner = new ProtobufReader(reader.ReadBytes());
                    while (!inner.End)
                    {
                        var (f, w) = inner.ReadTag();
                        if (f is 1 or 2 && w == 2)
                        {
                            preconditions[f == 1 ? "uid" : "resourceVersion"] = inner.ReadString();
                        }
                        else
                        {
                            inner.Skip(w);
                        }
                    }

                    result["preconditions"] = preconditions;
                    break;
                case 3 when wire == 0:
                    result["orphanDependents"] = reader.ReadVarint() != 0;
                    break;
                case 4 when wire == 2:
                    result["propagationPolicy"] = reader.ReadString();
                    break;
                case 5 when wire == 2:
                    (result["dryRun"] ??= new JsonArray()).AsArray().Add(reader.ReadString());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    /// <summary>ObjectMeta: 1 name, 2 generateName, 3 namespace, 5 uid, 6 resourceVersion, 11 labels, 12 annotations, 14 finalizers.</summary>
    private static JsonObject ObjectMeta(ReadOnlySpan<byte> raw)
    {
        var metadata = new JsonObject();
        var reader = new ProtobufReader(raw);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    SetNonEmpty(metadata, "name", reader.ReadString());
                    break;
                case 2 when wire == 2:
                    SetNonEmpty(metadata, "generateName", reader.ReadString());
                    break;
                case 3 when wire == 2:
                    SetNonEmpty(metadata, "namespace", reader.ReadString());
                    break;
                case 5 when wire == 2:
                    SetNonEmpty(metadata, "uid", reader.ReadString());
                    break;
                case 6 when wire == 2:
                    SetNonEmpty(metadata, "resourceVersion", reader.ReadString());
                    break;
                case 11 when wire == 2:
                    AddMapEntry(Map(metadata, "labels"), reader.ReadBytes(), base64: false);
                    break;
                case 12 when wire == 2:
                    AddMapEntry(Map(metadata, "annotations"), reader.ReadBytes(), base64: false);
                    break;
                case 14 when wire == 2:
                    (metadata["finalizers"] ??= new JsonArray()).AsArray().Add(reader.ReadString());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return metadata;
    }

    private static JsonObject Map(JsonObject parent, string property) => (parent[property] ??= new JsonObject()).AsObject();

    private static void AddMapEntry(JsonObject map, ReadOnlySpan<byte> entry, bool base64)
    {
        var reader = new ProtobufReader(entry);
        string key = string.Empty, value = string.Empty;
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                key = reader.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                var bytes = reader.ReadBytes();
                value = base64 ? Convert.ToBase64String(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        map[key] = value;
    }

    private static void SetNonEmpty(JsonObject target, string property, string value)
    {
        if (value.Length > 0)
        {
            target[property] = value;
        }
    }
}
