"""The READMEs of the schema repository, written from the schemas themselves."""

from __future__ import annotations

from typing import Any

TYPES_FR = {
    "string": "texte",
    "integer": "entier",
    "number": "nombre décimal",
    "boolean": "booléen (true/false)",
    "date": "date (AAAA-MM-JJ)",
    "datetime": "date et heure (ISO 8601)",
}
FORMATS_FR = {"uri": "adresse web", "email": "adresse électronique"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def type_label(field: dict[str, Any]) -> str:
    label = TYPES_FR.get(field["type"], field["type"])
    if field.get("format") in FORMATS_FR:
        label += f", {FORMATS_FR[field['format']]}"
    if field.get("unit"):
        label += f", en {field['unit']}"
    constraints = field.get("constraints", {})
    bounds = [
        f"{word} {constraints[key]}"
        for key, word in (("minimum", "≥"), ("maximum", "≤"))
        if key in constraints
    ]
    if bounds:
        label += ", " + " et ".join(bounds)
    return label


def columns_table(schema: dict[str, Any]) -> str:
    lines = [
        "| Colonne | Titre | Type | Obligatoire | Description |",
        "|---|---|---|---|---|",
    ]
    for field in schema["fields"]:
        required = "oui" if field.get("constraints", {}).get("required") else "non"
        lines.append(
            f"| `{field['name']}` | {_cell(field['title'])} | {_cell(type_label(field))} | "
            f"{required} | {_cell(field['description'])} |"
        )
    return "\n".join(lines) + "\n"


def schema_readme(schema: dict[str, Any], keys: list[dict[str, Any]]) -> str:
    name = schema["name"]
    links = "".join(
        f"- `{key['fields'][0]}` → `{key['reference']['resource']}.csv`, colonne "
        f"`{key['reference']['fields'][0]}`\n"
        for key in keys
    )
    relations = (
        "Dans le paquet de données (`datapackage.json` de chaque archive), ces colonnes "
        "pointent vers une ligne d'un autre fichier (clés étrangères) :\n\n" + links
        if keys
        else "Ce fichier ne pointe vers aucun autre fichier du paquet.\n"
    )
    return (
        f"# {schema['title']}\n\n"
        f"*{schema['title_en']}*\n\n"
        f"{schema['description']}\n\n"
        f"*{schema['description_en']}*\n\n"
        f"- Nom du schéma : `{name}` — version {schema.get('version', '?')} "
        f"(voir [CHANGELOG.md](CHANGELOG.md))\n"
        f"- Fichier décrit : `{name}.csv`, dans chaque archive des téléchargements en masse du "
        f"portail, et `/api/v1/{name}/?format=csv`\n"
        f"- Publié par le portail à l'adresse `/schemas/{name}/{schema.get('version', '?')}/"
        f"schema.json` (et `/schemas/{name}/latest/schema.json`)\n"
        f"- Clé primaire : `{', '.join(schema['primaryKey'])}`\n"
        f"- Licence : {schema['licenses'][0]['title']}\n\n"
        f"Ce fichier est généré à partir du schéma (`make schemas`) : ne le modifiez pas à la "
        f"main.\n\n"
        f"## Liens avec les autres fichiers\n\n{relations}\n"
        f"## Colonnes\n\n"
        f"Une cellule vide est une valeur absente. Les valeurs de type liste sont séparées par "
        f"« | ».\n\n" + columns_table(schema)
    )


def schemas_table(schemas: list[dict[str, Any]], link_prefix: str = "") -> str:
    lines = ["| Schéma | Fichier | Version | Colonnes | Ce qu'il décrit |", "|---|---|---|---|---|"]
    for schema in schemas:
        name = schema["name"]
        lines.append(
            f"| [`{name}`]({link_prefix}{name}/README.md) | `{name}.csv` | "
            f"{schema.get('version', '?')} | {len(schema['fields'])} | "
            f"{_cell(schema['description'].split('. Fichier ')[0])} |"
        )
    return "\n".join(lines) + "\n"


def index_readme(schemas: list[dict[str, Any]]) -> str:
    return (
        "# Schémas des données ouvertes du Portail PGO\n\n"
        "*Table Schemas of the PGO portal's open data.*\n\n"
        "Un schéma [Table Schema](https://specs.frictionlessdata.io/table-schema/) par fichier "
        "CSV des téléchargements en masse du portail (une archive par plan publié, et une pour "
        "tous les plans), rangés comme schema.data.gouv.fr l'attend : un dossier par schéma, "
        "avec `schema.json`, `README.md` et `CHANGELOG.md`.\n\n"
        "Les schémas sont **générés à partir du code** qui écrit les fichiers (les sérialiseurs "
        "de l'API, ses FilterSets et les modèles) : ils ne peuvent pas s'en écarter. Seuls les "
        "titres et descriptions des colonnes sont écrits à la main, dans "
        "`opendata/tableschema/columns.toml`.\n\n"
        "## Versions\n\n"
        "Chaque schéma a sa version sémantique, déclarée dans son `CHANGELOG.md` (une section "
        "`## x.y.z (AAAA-MM-JJ)` par version, la plus récente en premier) :\n\n"
        "- **majeure** quand une colonne disparaît ou change de type, ou qu'une valeur acceptée "
        "ne l'est plus ;\n"
        "- **mineure** quand une colonne ou une valeur permise s'ajoute, ou qu'une contrainte "
        "s'assouplit ;\n"
        "- **corrective** pour les titres, descriptions et métadonnées.\n\n"
        "Quand le code change un schéma, les tests échouent et disent quelle version déclarer ; "
        "après avoir ajouté la section au CHANGELOG, `make schemas` régénère les fichiers et "
        "inscrit l'empreinte de la version dans le CHANGELOG.\n\n"
        "## Les schémas\n\n" + schemas_table(schemas) + "\n"
        "## Valider un fichier ou une archive\n\n"
        "```sh\n"
        "pip install frictionless\n"
        "frictionless validate --schema schemas/commitments/schema.json commitments.csv\n"
        "unzip pgo-pan-2015-2017.zip && frictionless validate pan-2015-2017/datapackage.json\n"
        "```\n\n"
        "La seconde commande valide tout le paquet : chaque fichier contre son schéma, et les "
        "liens entre fichiers (clés étrangères).\n"
    )
