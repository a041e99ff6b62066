using Npgsql;
using NpgsqlTypes;

namespace OzdContentApi.Platform.Database;

public static class TypedParameters
{
    /// <summary>A parameter that keeps its PostgreSQL type when null: a prepared statement keeps the types it was prepared with.</summary>
    public static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };
}
