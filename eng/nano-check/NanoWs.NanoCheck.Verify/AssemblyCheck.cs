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
    /// Checks one assembly compiled against nanoFramework's mscorlib for what that compile cannot
    /// catch: nanoFramework 1.x mscorlib declares a few generic types (Action`1, Func`2, ...) but
    /// the board's runtime does not run generic code. Fails on:
    /// rows in the GenericParam or MethodSpec tables; any signature (type spec, field, method,
    /// member reference, property, local variables) holding a generic instantiation or generic
    /// parameter; a type reference into System.Threading.Tasks, System.Linq or System.Text, or to
    /// System.IO.Stream (unless it comes from nanoFramework's System.IO.Streams package and that
    /// assembly is allowed: nanoFramework's SslStream derives from it); an assembly reference other
    /// than mscorlib and the allowed ones.
    /// </summary>
    internal sealed class AssemblyCheck
    {
        private static readonly string[] ForbiddenNamespaces = { "System.Threading.Tasks", "System.Linq", "System.Text" };
        private static readonly string[] ForbiddenTypes = { "System.IO.Stream" };

        // The package assembly that may supply System.IO.Stream when it is an allowed reference.
        private const string StreamsAssembly = "System.IO.Streams";

        private readonly MetadataReader reader;
        private readonly List<string> problems = new List<string>();

        private AssemblyCheck(MetadataReader reader)
        {
            this.reader = reader;
        }

        public static List<string> Run(string path, ICollection<string> allowedReferences, out string summary)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var check = new AssemblyCheck(pe.GetMetadataReader());
            check.CheckReferences(allowedReferences, out string references);
            check.CheckGenericTables();
            check.CheckSignatures();
            check.CheckTypeReferences(allowedReferences);
            summary = $"{check.reader.TypeDefinitions.Count} types, {check.reader.MethodDefinitions.Count} methods; references {references}";
            return check.problems;
        }

        private void CheckReferences(ICollection<string> allowed, out string references)
        {
            var names = new List<string>();
            foreach (AssemblyReferenceHandle handle in reader.AssemblyReferences)
            {
                AssemblyReference reference = reader.GetAssemblyReference(handle);
                string name = reader.GetString(reference.Name);
                names.Add($"{name} {reference.Version}");
                if (name != "mscorlib" && !allowed.Contains(name))
                {
                    problems.Add($"references assembly '{name}' (only mscorlib{string.Concat(allowed.Select(a => ", " + a))} allowed)");
                }
            }

            references = string.Join(", ", names);
        }

        private void CheckGenericTables()
        {
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                foreach (GenericParameterHandle p in type.GetGenericParameters())
                {
                    problems.Add($"generic type parameter '{reader.GetString(reader.GetGenericParameter(p).Name)}' on type {TypeName(handle)}");
                }

                foreach (MethodDefinitionHandle m in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(m);
                    foreach (GenericParameterHandle p in method.GetGenericParameters())
                    {
                        problems.Add($"generic method parameter '{reader.GetString(reader.GetGenericParameter(p).Name)}' on {TypeName(handle)}.{reader.GetString(method.Name)}");
                    }
                }
            }

            if (reader.GetTableRowCount(TableIndex.GenericParam) > 0 && problems.Count == 0)
            {
                problems.Add($"GenericParam table has {reader.GetTableRowCount(TableIndex.GenericParam)} rows");
            }

            int methodSpecs = reader.GetTableRowCount(TableIndex.MethodSpec);
            for (int row = 1; row <= methodSpecs; row++)
            {
                MethodSpecification spec = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                problems.Add($"generic method instantiation (MethodSpec) of {MemberName(spec.Method)}");
            }
        }

        private void CheckSignatures()
        {
            var provider = new SignatureProvider(this, report: true);

            int typeSpecs = reader.GetTableRowCount(TableIndex.TypeSpec);
            for (int row = 1; row <= typeSpecs; row++)
            {
                TypeSpecificationHandle handle = MetadataTokens.TypeSpecificationHandle(row);
                provider.Where = "type spec 0x" + MetadataTokens.GetToken(handle).ToString("X8");
                reader.GetTypeSpecification(handle).DecodeSignature(provider, null);
            }

            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                string typeName = TypeName(typeHandle);
                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(f);
                    provider.Where = $"field {typeName}.{reader.GetString(field.Name)}";
                    field.DecodeSignature(provider, null);
                }

                foreach (MethodDefinitionHandle m in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(m);
                    provider.Where = $"method {typeName}.{reader.GetString(method.Name)}";
                    method.DecodeSignature(provider, null);
                }

                foreach (PropertyDefinitionHandle p in type.GetProperties())
                {
                    PropertyDefinition property = reader.GetPropertyDefinition(p);
                    provider.Where = $"property {typeName}.{reader.GetString(property.Name)}";
                    property.DecodeSignature(provider, null);
                }
            }

            foreach (MemberReferenceHandle handle in reader.MemberReferences)
            {
                MemberReference member = reader.GetMemberReference(handle);
                provider.Where = "reference to " + MemberName(handle);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }
            }

            int standalone = reader.GetTableRowCount(TableIndex.StandAloneSig);
            for (int row = 1; row <= standalone; row++)
            {
                StandaloneSignature signature = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                provider.Where = "local variables or call site 0x" + (0x11000000 | row).ToString("X8");
                if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    signature.DecodeLocalSignature(provider, null);
                }
                else
                {
                    signature.DecodeMethodSignature(provider, null);
                }
            }
        }

        private void CheckTypeReferences(ICollection<string> allowed)
        {
            foreach (TypeReferenceHandle handle in reader.TypeReferences)
            {
                string name = TypeName(handle);
                TypeReference outer = reader.GetTypeReference(handle);
                while (outer.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    outer = reader.GetTypeReference((TypeReferenceHandle)outer.ResolutionScope);
                }

                string ns = reader.GetString(outer.Namespace);
                bool fromStreams = outer.ResolutionScope.Kind == HandleKind.AssemblyReference
                    && reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)outer.ResolutionScope).Name) == StreamsAssembly
                    && allowed.Contains(StreamsAssembly);
                if (ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)) || (ForbiddenTypes.Contains(name) && !fromStreams))
                {
                    problems.Add($"uses type {name}, which NanoWs must not depend on");
                }
            }
        }

        private void Report(string where, string what)
        {
            string problem = $"{what} in {where}";
            if (!problems.Contains(problem))
            {
                problems.Add(problem);
            }
        }

        private string TypeName(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    TypeDefinition def = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                    string defName = reader.GetString(def.Name);
                    TypeDefinitionHandle declaring = def.GetDeclaringType();
                    return declaring.IsNil ? Join(reader.GetString(def.Namespace), defName) : TypeName(declaring) + "+" + defName;
                case HandleKind.TypeReference:
                    TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                    string refName = reader.GetString(reference.Name);
                    return reference.ResolutionScope.Kind == HandleKind.TypeReference
                        ? TypeName(reference.ResolutionScope) + "+" + refName
                        : Join(reader.GetString(reference.Namespace), refName);
                case HandleKind.TypeSpecification:
                    return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(new SignatureProvider(this, report: false), null);
                default:
                    return handle.Kind.ToString();
            }
        }

        private string MemberName(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return TypeName(method.GetDeclaringType()) + "." + reader.GetString(method.Name);
                case HandleKind.MemberReference:
                    MemberReference member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    return TypeName(member.Parent) + "." + reader.GetString(member.Name);
                default:
                    return handle.Kind.ToString();
            }
        }

        private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        /// <summary>Decodes signatures to readable names and reports every generic construct met.</summary>
        private sealed class SignatureProvider : ISignatureTypeProvider<string, object>
        {
            private readonly AssemblyCheck check;
            private readonly bool report;

            public SignatureProvider(AssemblyCheck check, bool report)
            {
                this.check = check;
                this.report = report;
            }

            public string Where { get; set; }

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
            {
                string name = genericType + "<" + string.Join(", ", typeArguments) + ">";
                Report("generic instantiation " + name);
                return name;
            }

            public string GetGenericTypeParameter(object genericContext, int index)
            {
                Report("generic type parameter !" + index);
                return "!" + index;
            }

            public string GetGenericMethodParameter(object genericContext, int index)
            {
                Report("generic method parameter !!" + index);
                return "!!" + index;
            }

            private void Report(string what)
            {
                if (report)
                {
                    check.Report(Where, what);
                }
            }

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => check.TypeName(handle);

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => check.TypeName(handle);

            public string GetTypeFromSpecification(MetadataReader reader, object genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

            public string GetByReferenceType(string elementType) => elementType + "&";

            public string GetPointerType(string elementType) => elementType + "*";

            public string GetPinnedType(string elementType) => elementType + " pinned";

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
        }
    }
}
