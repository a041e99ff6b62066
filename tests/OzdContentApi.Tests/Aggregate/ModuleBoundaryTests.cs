using System.Runtime.CompilerServices;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>
/// The service's folders are its modules (one namespace each: Articles with its sections and
/// newsroom parts, Persons, Search, …; Platform holds what every module uses). What a module keeps
/// to itself is not public; these tests read the compiled code, so a shortcut through a fully
/// qualified name fails them as a <c>using</c> would. (A constant is copied where it is used and
/// leaves no trace there; constants other modules read are public anyway, like PublishedArticles'.)
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string Root = "OzdContentApi";

    [Fact]
    public void Platform_uses_no_module()
    {
        var offenders =
            from type in ServiceTypes()
            where ModuleOf(type) == "Platform"
            from used in TypeReferences.Of(type)
            where ModuleOf(used) is { } module && module != "Platform"
            select $"{Name(type)} uses {Name(used)}";

        Assert.True(!offenders.Any(), string.Join("\n", offenders.Distinct().Order()));
    }

    [Fact]
    public void A_module_uses_only_what_another_module_makes_public()
    {
        var offenders =
            from type in ServiceTypes()
            let module = ModuleOf(type)
            where module is not null and not "Platform"
            from used in TypeReferences.Of(type)
            where ModuleOf(used) is { } other && other != module && !IsVisibleOutsideItsModule(used)
            select $"{Name(type)} ({module}) uses {Name(used)} ({ModuleOf(used)}), which is not public";

        Assert.True(!offenders.Any(), string.Join("\n", offenders.Distinct().Order()));
    }

    [Fact]
    public void The_check_sees_uses_in_method_bodies_and_signatures()
    {
        // Without this, an empty list above could mean the reader sees nothing.
        var transaction = typeof(OzdContentApi.Articles.ArticleTransaction);
        var used = ServiceTypes().Where(t => t == transaction || t.DeclaringType == transaction).SelectMany(TypeReferences.Of).ToHashSet();
        Assert.Contains(typeof(OzdContentApi.Platform.Database.ContentChanges), TypeReferences.Of(transaction)); // a constructor parameter
        Assert.Contains(typeof(Npgsql.NpgsqlBatch), used); // only inside an async method's state machine
        Assert.Contains(typeof(OzdContentApi.Articles.ArticleRows), used); // a static call in a method body
        Assert.Equal("Articles", ModuleOf(typeof(OzdContentApi.Articles.Sections.SectionKinds)));
        Assert.Equal("Platform", ModuleOf(typeof(OzdContentApi.Platform.Http.ETags)));
        Assert.Null(ModuleOf(typeof(Program)));
    }

    private static IEnumerable<Type> ServiceTypes() => typeof(Program).Assembly.GetTypes();

    /// <summary>The first namespace part after the root: Articles.Sections belongs to Articles.</summary>
    private static string? ModuleOf(Type type)
    {
        var ns = type.Namespace;
        if (type.Assembly != typeof(Program).Assembly || ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal))
            return null;
        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static bool IsVisibleOutsideItsModule(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic))
                return false;
        }
        return !type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
    }

    private static string Name(Type type) => type.FullName ?? type.Name;
}
