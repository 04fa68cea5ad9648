#pragma once

#include "devicemodeltreemodel.h"

#include <QModelIndex>
#include <QString>

// How DeviceModelTreeModel's indexes name their node, shared by the model's source files
// (devicemodeltreemodel.cpp, devicemodeltreestructure.cpp, devicemodeltreecells.cpp).
namespace cb::dm::treenode {

static_assert(sizeof(quintptr) >= 8, "node ids pack a kind and a 32-bit index");

// internalId = kind << 32 | payload. The payload names the node's container: a group for
// components, a component for variables, an entry for attributes; the row picks the child.
inline quintptr nodeId(DeviceModelTreeModel::Kind kind, int payload) { return (quintptr(kind) << 32) | quintptr(quint32(payload)); }
inline DeviceModelTreeModel::Kind nodeKind(const QModelIndex &i) { return DeviceModelTreeModel::Kind(i.internalId() >> 32); }
inline int nodePayload(const QModelIndex &i) { return int(quint32(i.internalId() & 0xffffffffu)); }

// The attribute a variable row shows.
inline const QString kActual = QStringLiteral("Actual");

} // namespace cb::dm::treenode
