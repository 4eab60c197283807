"""System checks of the dataset upload settings (`manage.py check`, at every start), with
stable ids.

- lcpa.E101: DATASET_CHUNK_BYTES is not below MAX_REQUEST_BODY_SIZE, the limit on a request's
  body that the chunk view is under (lcpa.core.middleware refuses larger bodies with 413
  before the view reads them): every chunk of a large file would be refused. The chunk view
  streams its body (it never reads `request.body` or a form), so Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE does not apply to it.
- lcpa.E102: DATASET_CHUNK_BYTES is not a positive number of bytes.
- lcpa.E103: DATASET_FORM_MAX_BYTES (the plain form's file, sent in one request with the
  form's fields) is not below MAX_REQUEST_BODY_SIZE.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.template.defaultfilters import filesizeformat


@register()
def check_dataset_chunks_fit_in_a_request(app_configs=None, **kwargs) -> list[Error]:
    chunk = settings.DATASET_CHUNK_BYTES
    body_limit = settings.MAX_REQUEST_BODY_SIZE
    errors = []
    if chunk <= 0:
        errors.append(
            Error(
                f"DATASET_CHUNK_BYTES is {chunk}; it must be a positive number of bytes.",
                hint="Set DATASET_CHUNK_BYTES to 8388608 (8 MB), the default.",
                id="lcpa.E102",
            )
        )
    elif chunk >= body_limit:
        errors.append(
            Error(
                f"DATASET_CHUNK_BYTES ({filesizeformat(chunk)}) is not below "
                f"MAX_REQUEST_BODY_SIZE ({filesizeformat(body_limit)}): every chunk of a large "
                "file would be refused.",
                hint="Lower DATASET_CHUNK_BYTES or raise MAX_REQUEST_BODY_SIZE (and the "
                "proxy's body limit) so that a chunk fits in one request.",
                id="lcpa.E101",
            )
        )
    if body_limit <= settings.DATASET_FORM_MAX_BYTES:
        errors.append(
            Error(
                f"DATASET_FORM_MAX_BYTES ({filesizeformat(settings.DATASET_FORM_MAX_BYTES)}) "
                f"is not below MAX_REQUEST_BODY_SIZE ({filesizeformat(body_limit)}): the "
                "plain upload form would be refused before it says why.",
                hint="Lower DATASET_FORM_MAX_BYTES or raise MAX_REQUEST_BODY_SIZE.",
                id="lcpa.E103",
            )
        )
    return errors
