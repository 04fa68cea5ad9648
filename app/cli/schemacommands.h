#pragma once

#include <QStringList>

namespace cb::cli {

// `schemas`: lists the embedded OCA schemas per version.
int runSchemas(const QStringList &args);
// `validate`: checks a payload file against the schema of an action.
int runValidate(const QStringList &args);

} // namespace cb::cli
