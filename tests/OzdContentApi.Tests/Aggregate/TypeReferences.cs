using System.Reflection;
using System.Reflection.Emit;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>
/// The types a type uses: in its signatures (base type, interfaces, fields, properties, methods)
/// and in its method bodies, read from their IL. A <c>using</c> directive says little — a fully
/// qualified name or a <c>var</c> needs none — so the compiled code is what is checked.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static TypeReferences()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
                OneByte[value] = code;
            else
                TwoByte[value & 0xFF] = code;
        }
    }

    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
                return;
            if (t.HasElementType)
                Add(t.GetElementType());
            if (t.IsConstructedGenericType)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments())
                    Add(argument);
            }
        }

        Add(type.BaseType);
        foreach (var @interface in type.GetInterfaces())
            Add(@interface);
        foreach (var field in type.GetFields(Declared))
            Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared))
            Add(property.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
                Add(info.ReturnType);
            foreach (var parameter in method.GetParameters())
                Add(parameter.ParameterType);
            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
                Add(local.LocalType);
            foreach (var member in InBody(method))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m is MethodInfo mi)
                            Add(mi.ReturnType);
                        foreach (var parameter in m.GetParameters())
                            Add(parameter.ParameterType);
                        if (m.IsGenericMethod)
                            foreach (var argument in m.GetGenericArguments())
                                Add(argument);
                        break;
                }
            }
        }
        return found;
    }

    /// <summary>The fields, methods and types a method body's instructions name.</summary>
    private static IEnumerable<MemberInfo> InBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? TwoByte[il[i + 1]] : OneByte[il[i]];
            i += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    yield return method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
                    i += 4;
                    break;
                default: // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR: a four-byte operand naming no member
                    i += 4;
                    break;
            }
        }
    }
}
