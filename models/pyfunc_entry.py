"""The pyfunc model MLflow builds by running this file ("models from code").

Logging the model as this file rather than a pickled ``TriagePyfunc`` object means no
cloudpickle payload is stored or unpickled at load time (MLflow warns about exactly
that on every log otherwise). The only pickled file in a logged model is the bundle,
and ``TriagePyfunc.load_context`` checks its SHA-256 before joblib reads it.
"""

import mlflow.models

from models.bundle import TriagePyfunc

mlflow.models.set_model(TriagePyfunc())
