using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HybridRoutingPortal.Data;

/// <summary>
/// A statement on a Microsoft.Data.Sqlite connection whose rows are read straight from SQLite's column memory.
/// SQLitePCL.raw, under Microsoft.Data.Sqlite, marshals the statement's SafeHandle and goes through an interface
/// on every call (about 75 ns a column); a window of a big estate is half a million column reads. Here the
/// statement is prepared, bound, stepped and finalized through SQLitePCL as usual, and only the column reads call
/// the library directly, without a GC transition (they are short and never block or call back).
/// </summary>
/// <remarks>
/// The imports name e_sqlite3, the library Microsoft.Data.Sqlite bundles; <see cref="Available"/> is true only when
/// SQLitePCL's provider is that library, so the statement and these calls always talk to the same SQLite.
/// </remarks>
internal static unsafe partial class SqliteColumns
{
    private const string Library = "e_sqlite3";
    private const int SqliteRow = 100, SqliteDone = 101, SqliteNull = 5;

    private static readonly Lazy<bool> Probe = new(() =>
    {
        try
        {
            return raw.GetNativeLibraryName() == Library && sqlite3_libversion_number() > 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or TypeInitializationException)
        {
            return false;
        }
    });

    /// <summary>True when SQLitePCL runs on e_sqlite3 and its exports load (asked once a connection has been opened).</summary>
    public static bool Available => Probe.Value;

    public static Statement Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        if (statement is null || statement.IsInvalid)
        {
            statement?.Dispose();
            throw new ArgumentException("The SQL holds no statement.", nameof(sql));
        }

        return new Statement(db, statement);
    }

    /// <summary>One prepared statement; the spans it returns are valid until the next step, reset or dispose.</summary>
    public sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly nint _handle;
        private bool _referenced;

        internal Statement(sqlite3 db, sqlite3_stmt statement)
        {
            _db = db;
            _statement = statement;
            // Held for the statement's life, so the raw handle the column reads use cannot be released under them.
            _statement.DangerousAddRef(ref _referenced);
            _handle = _statement.DangerousGetHandle();
        }

        public void Bind(string name, long value)
        {
            var index = raw.sqlite3_bind_parameter_index(_statement, name);
            if (index == 0)
            {
                throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
            }

            Check(raw.sqlite3_bind_int64(_statement, index, value));
        }

        /// <summary>Moves to the next row; false when there is none.</summary>
        public bool Step()
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == SqliteRow)
            {
                return true;
            }

            if (rc != SqliteDone)
            {
                Check(rc);
            }

            return false;
        }

        /// <summary>Back to before the first row, bindings kept, for another run with new ones.</summary>
        public void Reset() => raw.sqlite3_reset(_statement);

        public ReadOnlySpan<byte> Blob(int column)
        {
            var p = sqlite3_column_blob(_handle, column);
            return p is null ? default : new ReadOnlySpan<byte>(p, sqlite3_column_bytes(_handle, column));
        }

        /// <summary>A text column's UTF-8 bytes (empty for NULL).</summary>
        public ReadOnlySpan<byte> Text(int column)
        {
            var p = sqlite3_column_text(_handle, column);
            return p is null ? default : new ReadOnlySpan<byte>(p, sqlite3_column_bytes(_handle, column));
        }

        public int Int32(int column) => sqlite3_column_int(_handle, column);

        public long? NullableInt64(int column) => sqlite3_column_type(_handle, column) == SqliteNull ? null : sqlite3_column_int64(_handle, column);

        public void Dispose()
        {
            if (_referenced)
            {
                _statement.DangerousRelease();
                _referenced = false;
            }

            _statement.Dispose();
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    [LibraryImport(Library)]
    private static partial int sqlite3_libversion_number();

    [LibraryImport(Library), SuppressGCTransition]
    private static partial byte* sqlite3_column_blob(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial byte* sqlite3_column_text(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_column_bytes(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_column_int(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_column_type(nint statement, int column);
}
