#pragma once

#include <QString>

// What ComposerWidget's source files share (composerwidget.cpp, composerpayload.cpp,
// composersending.cpp).
namespace cb::composer {

inline constexpr int kFormTab = 0;
inline constexpr int kRawTab = 1;

inline QString problemStyle() { return QStringLiteral("color:#c01c28;"); }

} // namespace cb::composer
