using System.Reflection;
using System.Text.Json.Serialization;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>A section type is one entry in SectionKinds; these fail when a type is declared somewhere but not there.</summary>
public sealed class SectionKindsTests
{
    private static Dictionary<string, Type> Derived(Type union) =>
        union.GetCustomAttributes<JsonDerivedTypeAttribute>().ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType);

    [Fact]
    public void Every_section_type_the_JSON_knows_has_one_kind_with_its_input_and_the_other_way_round()
    {
        var sections = Derived(typeof(Section));
        var inputs = Derived(typeof(SectionInput));

        Assert.Equal(sections.Keys.Order(), SectionKinds.Names.Order());
        Assert.Equal(inputs.Keys.Order(), SectionKinds.Names.Order());
        foreach (var kind in SectionKinds.All)
        {
            Assert.Equal(sections[kind.Name], kind.SectionType);
            Assert.Equal(inputs[kind.Name], kind.InputType);
        }
    }

    [Fact]
    public void Every_kind_is_validated_by_the_section_validator()
    {
        var validator = new SectionInputValidator();
        foreach (var kind in SectionKinds.All)
        {
            // An empty section of each kind breaks that kind's own rules, so its validator ran.
            var empty = (SectionInput)Activator.CreateInstance(kind.InputType)!;
            var result = validator.Validate(empty);
            Assert.False(result.IsValid, $"{kind.Name}: an empty section passed");
            Assert.DoesNotContain(result.Errors, e => e.PropertyName == "type");
        }
    }
}
