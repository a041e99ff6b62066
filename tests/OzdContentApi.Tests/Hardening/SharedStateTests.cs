using System.Reflection;
using System.Text;
using System.Xml.XPath;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// A static field is shared by every request and, in the tests, by every service in the process.
/// These types cache or move as they are used and say they are not thread-safe; one of them in a
/// static field (a NullabilityInfoContext in an OpenAPI filter) made the document answer 500 when
/// two services built theirs at once. A [ThreadStatic] field is not shared: each thread has its own.
/// </summary>
public sealed class SharedStateTests
{
    private static readonly Type[] NotThreadSafe =
        [typeof(NullabilityInfoContext), typeof(Random), typeof(StringBuilder), typeof(MemoryStream), typeof(XPathNavigator)];

    [Fact]
    public void No_static_field_holds_an_object_that_is_not_thread_safe()
    {
        var offenders =
            from type in typeof(Program).Assembly.GetTypes()
            from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            where NotThreadSafe.Any(unsafeType => unsafeType.IsAssignableFrom(field.FieldType))
                  && field.GetCustomAttribute<ThreadStaticAttribute>() is null
            select $"{type.FullName}.{field.Name}";

        Assert.Empty(offenders);
    }
}
