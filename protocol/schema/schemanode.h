#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace cb::schemanode {

// Follows local references ("$ref": "#/definitions/Name") until a concrete subschema is reached.
QJsonObject resolve(const QJsonObject &root, const QJsonObject &node);

// The subschema that describes the value at `segments` (property names and array indexes) of an
// instance of `root`; empty when the path leaves the schema.
QJsonObject at(const QJsonObject &root, const QStringList &segments);

// The subschema of a property of an object node, resolved; empty when it has none.
QJsonObject property(const QJsonObject &root, const QJsonObject &objectNode, const QString &name);
// The subschema of an array node's items, resolved.
QJsonObject items(const QJsonObject &root, const QJsonObject &arrayNode);

QString typeOf(const QJsonObject &node);          // "string", "integer", ... ("" when untyped)
QString jsonTypeOf(const QJsonValue &value);      // type of an instance value in schema terms
bool isRequired(const QJsonObject &objectNode, const QString &name);

// JSON pointer text ("/a/0/b") of a path, with ~ and / escaped as RFC 6901 says.
QString pointer(const QStringList &segments);

} // namespace cb::schemanode
