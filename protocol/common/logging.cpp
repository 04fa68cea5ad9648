#include "logging.h"

Q_LOGGING_CATEGORY(lcOcpp, "chargebench.ocpp")
Q_LOGGING_CATEGORY(lcSchema, "chargebench.schema")
Q_LOGGING_CATEGORY(lcTransport, "chargebench.transport")
