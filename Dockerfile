FROM python:3.11-slim

# A CJK font so that digest charts show Chinese names.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY schedules ./schedules
RUN pip install --no-cache-dir .

RUN useradd --create-home recallbot && mkdir -p /app/data && chown recallbot /app/data
USER recallbot
VOLUME ["/app/data"]
CMD ["sh", "-c", "recallbot db upgrade && recallbot run"]
