#include "inspectionlogging.h"

Q_LOGGING_CATEGORY(lcInspection, "chargebench.inspection", QtInfoMsg)
