using System.Data;
using System.Data.Common;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Weasel.Storage;
using Wolverine.Marten;
using OperationRole = Weasel.Core.OperationRole;
using TableCheckConstraint = Weasel.Core.TableCheckConstraint;

namespace OneThing.Hub.Features.Materials;

/// <summary>
/// The bytes of every material, once per content: <c>hub.material_contents</c>, keyed by SHA-256. Two uploads of the
/// same file are two materials (two ids, two front offices perhaps) over one row. Made by Marten's migrations, like
/// the store's own tables.
/// </summary>
public static class MaterialContents
{
    public const string TableName = "material_contents";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("sha256").AsPrimaryKey();
        table.AddColumn<string>("media_type").NotNull();
        table.AddColumn<long>("size").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        table.AddColumn("stored_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        // A row is what its key says, whatever happened between the upload and the insert (a stream sent twice, a
        // bug): PostgreSQL hashes the bytes it received, and a mismatch fails the upload's transaction.
        table.CheckConstraints.Add(new TableCheckConstraint("material_contents_hash",
            "encode(sha256(content), 'hex') = sha256"));
        table.CheckConstraints.Add(new TableCheckConstraint("material_contents_size", "octet_length(content) = size"));
        return table;
    }

    public static async Task<bool> Exists(IQuerySession session, string sha256, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<bool>(
            $"select exists (select 1 from {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} " +
            "where sha256 = ?)", ct, sha256))[0];

    /// <summary>Copies a content to <paramref name="to"/> as PostgreSQL sends it, never the whole of it in memory.
    /// </summary>
    public static async Task CopyTo(IDocumentStore store, string sha256, Stream to, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select content from {store.Options.DatabaseSchemaName}.{TableName} where sha256 = @sha", connection);
        command.Parameters.AddWithValue("sha", sha256);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException($"Material content {sha256} is missing: its upload stored none.");
        await using var content = await reader.GetStreamAsync(0, ct);
        await content.CopyToAsync(to, 64 * 1024, ct);
    }
}

/// <summary>
/// The content row of an upload, queued on the session that also starts the material's stream: Wolverine commits both
/// in one transaction, so a failure leaves neither. Another upload of the same content at the same moment makes the
/// insert a no-op, not a conflict.
/// </summary>
public sealed record StoreMaterialContent(string Sha256, string MediaType, long Size, Stream Content) : IMartenOp
{
    public void Execute(IDocumentSession session) => session.QueueOperation(
        new InsertContent($"{session.DocumentStore.Options.DatabaseSchemaName}.{MaterialContents.TableName}", this));

    // Marten's own SQL op would let Npgsql guess the stream's type (text); the bytes are bytea, streamed from the
    // staged file as Npgsql writes the command.
    private sealed class InsertContent(string table, StoreMaterialContent row)
        : Marten.Internal.Operations.IStorageOperation, NoDataReturnedCall
    {
        public void ConfigureCommand(Weasel.Postgresql.ICommandBuilder builder, IStorageSession session)
        {
            var p = builder.AppendWithParameters(
                $"insert into {table} (sha256, media_type, size, content) values (?, ?, ?, ?) " +
                "on conflict (sha256) do nothing");
            (p[0].Value, p[0].NpgsqlDbType) = (row.Sha256, NpgsqlDbType.Text);
            (p[1].Value, p[1].NpgsqlDbType) = (row.MediaType, NpgsqlDbType.Text);
            (p[2].Value, p[2].NpgsqlDbType) = (row.Size, NpgsqlDbType.Bigint);
            // From the start of the file, however often the command is built.
            row.Content.Position = 0;
            (p[3].Value, p[3].NpgsqlDbType) = (row.Content, NpgsqlDbType.Bytea);
        }

        public Type DocumentType => typeof(MaterialView);

        public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) =>
            Task.CompletedTask;

        public OperationRole Role() => OperationRole.Other;
    }
}
