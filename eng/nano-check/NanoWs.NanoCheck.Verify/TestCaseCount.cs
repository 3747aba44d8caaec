using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoWs.NanoCheck.Verify
{
    /// <summary>
    /// Counts the test cases of a compiled NFUnitTest assembly the way nanoFramework's
    /// UnitTestLauncher runs them (nanoframework/nanoFramework.TestFramework, source/UnitTestLauncher):
    /// every public method of a class carrying <c>[TestClass]</c> is one case per <c>[DataRow]</c>,
    /// or one case when it has <c>[TestMethod]</c> and no row. Reads the metadata only (the assembly
    /// is built against nanoFramework's mscorlib and cannot be loaded on .NET). Also fails on a
    /// <c>[DataRow]</c> with a null string argument, which the MetadataProcessor cannot convert.
    /// </summary>
    internal static class TestCaseCount
    {
        private const string TestFrameworkNamespace = "nanoFramework.TestFramework";

        public static List<string> Run(string path, out int count, out string summary)
        {
            var problems = new List<string>();
            count = 0;
            int classes = 0;
            int methods = 0;
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            var provider = new ArgumentTypes();

            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                if (!type.GetCustomAttributes().Any(a => AttributeName(reader, a) == "TestClassAttribute"))
                {
                    continue;
                }

                classes++;
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(methodHandle);
                    if ((method.Attributes & System.Reflection.MethodAttributes.MemberAccessMask) != System.Reflection.MethodAttributes.Public)
                    {
                        continue;
                    }

                    int rows = 0;
                    bool isTest = false;
                    foreach (CustomAttributeHandle attributeHandle in method.GetCustomAttributes())
                    {
                        CustomAttribute attribute = reader.GetCustomAttribute(attributeHandle);
                        string name = AttributeName(reader, attributeHandle);
                        if (name == "DataRowAttribute")
                        {
                            rows++;
                            CustomAttributeValue<string> value = attribute.DecodeValue(provider);
                            foreach (CustomAttributeTypedArgument<string> argument in value.FixedArguments)
                            {
                                if (argument.Value is ImmutableArray<CustomAttributeTypedArgument<string>> items &&
                                    items.Any(i => i.Value == null && i.Type == "string"))
                                {
                                    problems.Add($"{reader.GetString(type.Name)}.{reader.GetString(method.Name)}: a [DataRow] holds a null string (the MetadataProcessor throws on it)");
                                }
                            }
                        }
                        else if (name == "TestMethodAttribute")
                        {
                            isTest = true;
                        }
                    }

                    if (rows > 0 || isTest)
                    {
                        methods++;
                        count += rows > 0 ? rows : 1;
                    }
                }
            }

            summary = $"{classes} test classes, {methods} test methods, {count} cases";
            return problems;
        }

        private static string AttributeName(MetadataReader reader, CustomAttributeHandle handle)
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            EntityHandle type;
            if (attribute.Constructor.Kind == HandleKind.MemberReference)
            {
                type = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            }
            else
            {
                type = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
            }

            if (type.Kind == HandleKind.TypeReference)
            {
                TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)type);
                return reader.GetString(reference.Namespace) == TestFrameworkNamespace ? reader.GetString(reference.Name) : null;
            }

            return null;
        }

        // Names the types of attribute arguments; enough to tell a null string from a null array.
        private sealed class ArgumentTypes : ICustomAttributeTypeProvider<string>
        {
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? "string" : typeCode.ToString();

            public string GetSystemType() => "Type";

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);

            public string GetTypeFromSerializedName(string name) => name;

            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

            public bool IsSystemType(string type) => type == "Type" || type == "System.Type";
        }
    }
}
